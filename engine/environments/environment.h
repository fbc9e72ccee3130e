// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kumo {

/// An isolated Python environment under DATA_DIR/envs/NAME: a venv made from an interpreter,
/// or a conda environment for a Python version.
struct Environment
{
    enum class Backend { Venv, Conda };
    /// Installing: a package operation is running (runs may still use it).
    enum class State { Creating, Ready, Installing, Failed, Deleting };

    qint64 id = 0;
    QString name;
    Backend backend = Backend::Venv;
    std::optional<qint64> interpreterId; // venv: made from it
    QString pythonVersion; // the interpreter's (venv) or the one asked for (conda)
    QString path;
    State state = State::Creating;
    QString error; // why creation failed
    QString freezeHash; // of the last recorded `pip freeze`
    int packages = 0; // lines of that freeze
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// Whether runs and package operations can use it.
    [[nodiscard]] bool isUsable() const { return state == State::Ready || state == State::Installing; }
    /// bin/ inside it (python, pip and the packages' scripts).
    [[nodiscard]] QString binDirectory() const { return path + QStringLiteral("/bin"); }
    [[nodiscard]] QString pythonPath() const { return binDirectory() + QStringLiteral("/python"); }

    [[nodiscard]] static QString backendName(Backend backend);
    [[nodiscard]] static std::optional<Backend> backendFromName(QStringView name);
    [[nodiscard]] static QString stateName(State state);
    [[nodiscard]] static std::optional<State> stateFromName(QStringView name);
    /// {"id","name","backend","interpreterId","pythonVersion","path","state","error",
    ///  "freezeHash","packages","createdAt","updatedAt"}
    [[nodiscard]] QJsonObject toJson() const;
};

/// One change to an environment: creating it, installing, uninstalling or upgrading packages.
/// Operations on one environment run one at a time, in order.
struct EnvOperation
{
    /// Reset: delete the files, create it again and reinstall its last recorded freeze.
    enum class Kind { Create, Install, Uninstall, Upgrade, Reset };
    enum class State { Queued, Running, Succeeded, Failed, Cancelled };

    qint64 id = 0;
    qint64 environmentId = 0;
    Kind kind = Kind::Install;
    QStringList packages; // requirement specifiers, pip or conda syntax
    QString requirementsFile; // absolute path of a project's requirements file, or empty
    State state = State::Queued;
    std::optional<int> exitCode;
    QString error;
    QString actor; // who asked for it
    qint64 queuedAt = 0;
    std::optional<qint64> startedAt;
    std::optional<qint64> finishedAt;

    [[nodiscard]] bool isActive() const { return state == State::Queued || state == State::Running; }
    [[nodiscard]] static QString kindName(Kind kind);
    [[nodiscard]] static std::optional<Kind> kindFromName(QStringView name);
    [[nodiscard]] static QString stateName(State state);
    [[nodiscard]] static std::optional<State> stateFromName(QStringView name);
    /// {"id","environmentId","kind","packages","requirementsFile","state","exitCode","error",
    ///  "actor","queuedAt","startedAt","finishedAt","durationMs"}
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Kumo
