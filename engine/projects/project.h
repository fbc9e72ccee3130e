// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// A user's code: an archive unpacked under DATA_DIR/projects/ID, run by its tasks.
struct Project
{
    /// Replacing: a new archive is being unpacked beside the files, which stay in use.
    enum class State { Extracting, Ready, Replacing, Failed };

    qint64 id = 0;
    QString name;
    QString description;
    QString workingDir; // relative to the project root; where its tasks run by default
    QString outputDir; // relative to the project root; KUMO_OUTPUT_DIR of its runs (empty: default)
    State state = State::Extracting;
    QString error; // why the last extraction failed
    qint64 files = 0;
    qint64 bytes = 0;
    QString topLevelDir; // the archive's single top-level folder, proposed as working dir
    int revision = 1; // which upload the files come from: 1, then one more for each replace
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// Whether runs and readers may use the files (they may not while the first archive is
    /// unpacked or when it failed).
    [[nodiscard]] bool hasFiles() const { return state == State::Ready || state == State::Replacing; }

    [[nodiscard]] static QString stateName(State state);
    [[nodiscard]] static std::optional<State> stateFromName(QStringView name);
    /// {"id","name","description","workingDir","outputDir","state","error","files","bytes",
    ///  "suggestedWorkingDir","revision","createdAt","updatedAt"}
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Kumo
