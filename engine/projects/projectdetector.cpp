// SPDX-License-Identifier: MIT
#include "projects/projectdetector.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QByteArray head(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(ProjectDetector::kMaxBytesPerFile) : QByteArray();
}

/// Spider names of a Scrapy project (`name = "quotes"` in spiders/*.py).
QStringList spiderNames(const QDir &directory)
{
    static const QRegularExpression kName(
        uR"(^\s*name\s*=\s*['"]([\w\-.]+)['"])"_s, QRegularExpression::MultilineOption);
    QStringList names;
    QDirIterator it(
        directory.path(), { u"*.py"_s }, QDir::Files | QDir::NoSymLinks, QDirIterator::Subdirectories);
    for (int scanned = 0; it.hasNext() && scanned < ProjectDetector::kMaxFilesScanned; ++scanned) {
        const QString path = it.next();
        if (!path.contains(u"/spiders/"_s))
            continue;
        const QRegularExpressionMatch match = kName.match(QString::fromUtf8(head(path)));
        if (match.hasMatch() && !names.contains(match.captured(1)))
            names.append(match.captured(1));
    }
    names.sort();
    return names;
}

} // namespace

QJsonObject ProjectProfile::toJson() const
{
    return {
        { u"kind"_s, kind },
        { u"commands"_s, QJsonArray::fromStringList(commands) },
        { u"requirementsFile"_s, requirementsFile.isEmpty() ? QJsonValue() : QJsonValue(requirementsFile) },
        { u"pyproject"_s, pyproject },
        { u"browsers"_s, QJsonArray::fromStringList(browsers) },
    };
}

ProjectProfile ProjectDetector::detect(const QString &directory)
{
    ProjectProfile profile;
    profile.kind = u"unknown"_s;
    const QDir dir(directory);
    if (!dir.exists())
        return profile;
    const auto has = [&dir](const QString &name) { return QFileInfo(dir.filePath(name)).isFile(); };

    for (const QString &name :
        { u"requirements.txt"_s, u"requirements/prod.txt"_s, u"requirements/base.txt"_s }) {
        if (has(name)) {
            profile.requirementsFile = name;
            break;
        }
    }
    profile.pyproject = has(u"pyproject.toml"_s);

    if (has(u"scrapy.cfg"_s)) {
        profile.kind = u"scrapy"_s;
        for (const QString &spider : spiderNames(dir))
            profile.commands.append(u"scrapy crawl "_s + spider);
        profile.commands.append(u"scrapy list"_s);
    } else if (has(u"__main__.py"_s)) {
        profile.kind = u"package"_s;
        profile.commands.append(u"python ."_s);
    }
    // The usual entry points, then any other top-level script.
    for (const QString &name :
        { u"main.py"_s, u"app.py"_s, u"run.py"_s, u"start.py"_s, u"bot.py"_s, u"manage.py"_s }) {
        if (has(name))
            profile.commands.append(u"python "_s + name);
    }
    const QStringList scripts = dir.entryList({ u"*.py"_s }, QDir::Files, QDir::Name);
    for (const QString &script : scripts) {
        const QString command = u"python "_s + script;
        if (!profile.commands.contains(command) && script != u"__main__.py" && script != u"setup.py")
            profile.commands.append(command);
    }
    if (profile.kind == u"unknown" && !profile.commands.isEmpty())
        profile.kind = u"script"_s;

    // Browser automation needs more than pip: say so, so that the user picks the right image.
    static const QList<std::pair<QString, QRegularExpression>> kBrowsers = {
        { u"playwright"_s,
            QRegularExpression(
                uR"(^\s*(from|import)\s+playwright\b)"_s, QRegularExpression::MultilineOption) },
        { u"selenium"_s,
            QRegularExpression(uR"(^\s*(from|import)\s+selenium\b)"_s, QRegularExpression::MultilineOption) },
        { u"drissionpage"_s,
            QRegularExpression(
                uR"(^\s*(from|import)\s+DrissionPage\b)"_s, QRegularExpression::MultilineOption) },
    };
    QDirIterator it(directory, { u"*.py"_s }, QDir::Files | QDir::NoSymLinks, QDirIterator::Subdirectories);
    for (int scanned = 0; it.hasNext() && scanned < kMaxFilesScanned; ++scanned) {
        const QString text = QString::fromUtf8(head(it.next()));
        for (const auto &[name, pattern] : kBrowsers) {
            if (!profile.browsers.contains(name) && pattern.match(text).hasMatch())
                profile.browsers.append(name);
        }
    }
    profile.browsers.sort();
    return profile;
}

} // namespace Kumo
