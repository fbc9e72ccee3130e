// SPDX-License-Identifier: MIT
#include "core/projectrequirements.h"

#include "projects/projectfiles.h"
#include "projects/projectservice.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

/// The first line of requirements file @p path (relative to the project root) that makes pip
/// read a file outside the project (-r, -c, -e with a path that leaves it), else empty. Files
/// it names are checked too, a few levels deep.
QString referenceOutside(const ProjectFiles &files, const QString &path, int depth = 0)
{
    ProjectFiles::Result result;
    const std::optional<QString> absolute = files.resolve(path, &result);
    if (!absolute)
        return path;
    QFile file(*absolute);
    if (depth > 4 || !file.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression option(QRegularExpression::anchoredPattern(
        u"\\s*(-r|--requirement|-c|--constraint|-e|--editable)(\\s*=\\s*|\\s+|(?<=-[rce]))(\\S+).*"_s));
    const QString directory = QFileInfo(path).path();
    const QStringList lines = QString::fromUtf8(file.read(1024 * 1024)).split(u'\n');
    for (const QString &line : lines) {
        const QRegularExpressionMatch match = option.match(line.trimmed());
        if (!match.hasMatch())
            continue;
        const QString target = match.captured(3);
        if (target.contains(u"://"_s) || target.startsWith(u"git+"_s))
            continue; // a URL, not a file
        const QString relative = directory == u"."_s ? target : directory + u'/' + target;
        if (QDir::isAbsolutePath(target) || !files.resolve(relative, &result))
            return line.trimmed().left(200);
        const bool readsFile = match.captured(1) != u"-e"_s && match.captured(1) != u"--editable"_s;
        if (readsFile) {
            if (const QString outside = referenceOutside(files, relative, depth + 1); !outside.isEmpty())
                return outside;
        }
    }
    return {};
}

} // namespace

ProjectRequirements ProjectRequirements::resolve(
    const ProjectService &projects, qint64 projectId, const QString &path)
{
    ProjectRequirements requirements;
    const QString &relative = path;
    const std::optional<Project> project = projects.get(projectId);
    if (!project || !project->hasFiles()) {
        requirements.errors.append({ u"requirements.projectId"_s,
            project ? u"project %1 is not ready"_s.arg(projectId)
                    : u"project %1 does not exist"_s.arg(projectId) });
        return requirements;
    }
    const ProjectFiles files(projects.rootOf(*project));
    ProjectFiles::Result resolved;
    const std::optional<QString> file = files.resolve(relative, &resolved);
    if (!file || !QFileInfo(*file).isFile()) {
        requirements.errors.append({ u"requirements.path"_s,
            file ? u"project \"%1\" has no file %2"_s.arg(project->name, relative) : resolved.message });
        return requirements;
    }
    if (const QString outside = referenceOutside(files, relative); !outside.isEmpty()) {
        requirements.errors.append({ u"requirements.path"_s,
            u"%1 refers to a file outside project \"%2\": %3"_s.arg(relative, project->name, outside) });
        return requirements;
    }
    requirements.absolutePath = *file;
    requirements.label = u"%1:%2"_s.arg(project->name, relative);
    return requirements;
}

} // namespace Kumo
