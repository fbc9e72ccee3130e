// SPDX-License-Identifier: MIT
#include "environments/interpreterdiscovery.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

bool isExecutableFile(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

/// python, python3, python3.11 … in @p directory, the versioned names first.
QStringList pythonsIn(const QString &directory)
{
    static const QRegularExpression name(QRegularExpression::anchoredPattern(u"python(3(\\.\\d+)?)?"_s));
    QStringList found;
    const QStringList entries = QDir(directory).entryList(
        QDir::Files | QDir::System | QDir::Executable, QDir::Name | QDir::Reversed);
    for (const QString &entry : entries) {
        if (name.match(entry).hasMatch())
            found.append(QDir(directory).filePath(entry));
    }
    return found;
}

/// The bin/python3 (or bin/python) of each installation directory under @p parent.
QStringList installationsIn(const QString &parent)
{
    QStringList found;
    const QStringList entries = QDir(parent).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &entry : entries) {
        for (const QString &name : { u"bin/python3"_s, u"bin/python"_s }) {
            const QString path = QDir(parent).filePath(entry + u'/' + name);
            if (isExecutableFile(path)) {
                found.append(path);
                break;
            }
        }
    }
    return found;
}

} // namespace

DiscoveryRoots DiscoveryRoots::fromEnvironment(const QString &condaExecutable)
{
    DiscoveryRoots roots;
    const QString home = QDir::homePath();
    roots.pathDirectories = qEnvironmentVariable("PATH").split(u':', Qt::SkipEmptyParts);
    roots.pyenvRoot = qEnvironmentVariable("PYENV_ROOT", home + u"/.pyenv"_s);
    for (const QString &name :
        { u"miniconda3"_s, u"anaconda3"_s, u"miniforge3"_s, u"mambaforge"_s, u"micromamba"_s, u".conda"_s })
        roots.condaRoots.append(QDir(home).filePath(name));
    roots.condaRoots.append(u"/opt/conda"_s);
    if (const QString prefix = qEnvironmentVariable("MAMBA_ROOT_PREFIX"); !prefix.isEmpty())
        roots.condaRoots.prepend(prefix);
    if (!condaExecutable.isEmpty()) {
        // …/bin/conda or …/condabin/conda belongs to the installation one level up.
        roots.condaRoots.prepend(QFileInfo(QFileInfo(condaExecutable).absolutePath()).absolutePath());
    }
    roots.uvDirectory = qEnvironmentVariable("UV_PYTHON_INSTALL_DIR", home + u"/.local/share/uv/python"_s);
    return roots;
}

QList<InterpreterCandidate> findInterpreterCandidates(const DiscoveryRoots &roots)
{
    QList<InterpreterCandidate> candidates;
    QSet<QString> seen; // canonical paths
    const auto add = [&](const QString &path, const QString &source) {
        const QString canonical = QFileInfo(path).canonicalFilePath();
        if (canonical.isEmpty() || !isExecutableFile(canonical) || seen.contains(canonical))
            return;
        seen.insert(canonical);
        candidates.append({ QDir::cleanPath(path), source });
    };
    for (const QString &extra : roots.extraPaths) {
        if (QFileInfo(extra).isDir()) {
            for (const QString &path : pythonsIn(extra))
                add(path, u"registered"_s);
        } else {
            add(extra, u"registered"_s);
        }
    }
    if (!roots.pyenvRoot.isEmpty()) {
        for (const QString &path : installationsIn(QDir(roots.pyenvRoot).filePath(u"versions"_s)))
            add(path, u"pyenv"_s);
    }
    for (const QString &root : roots.condaRoots) {
        for (const QString &name : { u"bin/python3"_s, u"bin/python"_s })
            add(QDir(root).filePath(name), u"conda"_s);
        for (const QString &path : installationsIn(QDir(root).filePath(u"envs"_s)))
            add(path, u"conda"_s);
    }
    if (!roots.uvDirectory.isEmpty()) {
        for (const QString &path : installationsIn(roots.uvDirectory))
            add(path, u"uv"_s);
    }
    for (const QString &directory : roots.systemDirectories) {
        for (const QString &path : pythonsIn(directory))
            add(path, u"system"_s);
    }
    for (const QString &directory : roots.pathDirectories) {
        if (QDir::cleanPath(directory).endsWith(u"/shims"_s))
            continue;
        for (const QString &path : pythonsIn(directory))
            add(path, u"path"_s);
    }
    return candidates;
}

QString findCondaExecutable(const QString &configured)
{
    if (!configured.isEmpty())
        return isExecutableFile(configured) ? configured : QString();
    for (const QString &name : { u"micromamba"_s, u"mamba"_s, u"conda"_s }) {
        const QString found = QStandardPaths::findExecutable(name);
        if (!found.isEmpty())
            return found;
    }
    const QString home = QDir::homePath();
    for (const QString &root : QStringList { home + u"/miniforge3"_s, home + u"/mambaforge"_s,
             home + u"/miniconda3"_s, home + u"/anaconda3"_s, u"/opt/conda"_s }) {
        for (const QString &name : { u"bin/mamba"_s, u"bin/conda"_s, u"condabin/conda"_s }) {
            if (isExecutableFile(QDir(root).filePath(name)))
                return QDir(root).filePath(name);
        }
    }
    return {};
}

} // namespace Kumo
