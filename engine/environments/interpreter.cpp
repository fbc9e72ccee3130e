// SPDX-License-Identifier: MIT
#include "environments/interpreter.h"

#include "core/timeformat.h"

#include <QFileInfo>
#include <QProcess>
#include <QVersionNumber>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

// Valid Python 2 and 3 alike, so that an old interpreter is named as too old rather than
// failing with a syntax error.
constexpr char kProbeScript[] = "import sys, platform\n"
                                "print('kumo-probe')\n"
                                "print(platform.python_implementation())\n"
                                "print('%d.%d.%d' % tuple(sys.version_info[:3]))\n"
                                "try:\n"
                                "    import venv, ensurepip\n"
                                "    print('venv')\n"
                                "except Exception:\n"
                                "    print('no-venv')\n";

} // namespace

QString Interpreter::minorVersion() const
{
    const QVersionNumber number = QVersionNumber::fromString(version);
    return u"%1.%2"_s.arg(number.majorVersion()).arg(number.minorVersion());
}

QJsonObject Interpreter::toJson() const
{
    return {
        { u"id"_s, id },
        { u"path"_s, path },
        { u"version"_s, version },
        { u"implementation"_s, implementation },
        { u"source"_s, source },
        { u"available"_s, available },
        { u"venv"_s, hasVenv },
        { u"createdAt"_s, toRfc3339(createdAt) },
        { u"updatedAt"_s, toRfc3339(updatedAt) },
    };
}

ProbeResult parseProbeOutput(const QString &path, const QByteArray &output)
{
    ProbeResult result;
    const QStringList lines = QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts);
    const qsizetype start = lines.indexOf(u"kumo-probe"_s);
    if (start < 0 || lines.size() < start + 4) {
        result.error = u"%1 did not answer as a Python interpreter does"_s.arg(path);
        return result;
    }
    const QVersionNumber version = QVersionNumber::fromString(lines.at(start + 2).trimmed());
    if (version.segmentCount() < 2) {
        result.error = u"%1 printed an unreadable version \"%2\""_s.arg(path, lines.at(start + 2));
        return result;
    }
    if (version < QVersionNumber(3, 6)) {
        result.error
            = u"%1 is Python %2, too old: Kumo needs Python 3.6 or newer"_s.arg(path, version.toString());
        return result;
    }
    Interpreter interpreter;
    interpreter.path = path;
    interpreter.implementation = lines.at(start + 1).trimmed();
    interpreter.version = version.toString();
    interpreter.hasVenv = lines.at(start + 3).trimmed() == u"venv"_s;
    result.interpreter = interpreter;
    return result;
}

ProbeResult probeInterpreter(const QString &path, int timeoutMs)
{
    const QFileInfo info(path);
    if (!info.isAbsolute())
        return { std::nullopt, u"give the interpreter's absolute path, not \"%1\""_s.arg(path) };
    if (!info.exists())
        return { std::nullopt, u"%1 does not exist"_s.arg(path) };
    if (!info.isFile() || !info.isExecutable())
        return { std::nullopt, u"%1 is not an executable file"_s.arg(path) };
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The interpreter's own configuration, not the server's, decides what it is.
    for (const char *name : { "PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV" })
        environment.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(path, { u"-c"_s, QString::fromLatin1(kProbeScript) });
    if (!process.waitForStarted(timeoutMs))
        return { std::nullopt, u"cannot run %1: %2"_s.arg(path, process.errorString()) };
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return { std::nullopt, u"%1 did not answer within %2 s"_s.arg(path).arg(timeoutMs / 1000) };
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString stderrText = QString::fromUtf8(process.readAllStandardError()).trimmed().right(300);
        return { std::nullopt,
            u"%1 failed (exit %2)%3"_s.arg(path)
                .arg(process.exitCode())
                .arg(stderrText.isEmpty() ? QString() : u": "_s + stderrText) };
    }
    return parseProbeOutput(path, process.readAllStandardOutput());
}

} // namespace Kumo
