// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Kumo {

/// What a project looks like, to suggest how to run it.
struct ProjectProfile
{
    QString kind; // "scrapy", "package", "script", "unknown"
    QStringList commands; // best first, e.g. "python main.py", "scrapy crawl quotes"
    QString requirementsFile; // relative to the searched directory, e.g. "requirements.txt"
    bool pyproject = false; // a pyproject.toml to `pip install .`
    QStringList browsers; // "playwright", "selenium", "drissionpage" when imported

    /// {"kind","commands","requirementsFile","pyproject","browsers"}
    [[nodiscard]] QJsonObject toJson() const;
};

/// Looks at a project directory (bounded: a few hundred files, the first 256 KiB of each) and
/// suggests a command and a requirements file. Reads only; never runs anything.
class ProjectDetector
{
public:
    [[nodiscard]] static ProjectProfile detect(const QString &directory);

    static constexpr int kMaxFilesScanned = 500;
    static constexpr qint64 kMaxBytesPerFile = 256 * 1024;
};

} // namespace Kumo
