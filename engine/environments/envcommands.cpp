// SPDX-License-Identifier: MIT
#include "environments/envcommands.h"

#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kumo::EnvCommands {

namespace {

// What `pip freeze` prints (same lines, same order, direct URLs and editables included), read
// with importlib.metadata: about 0.09 s instead of pip's 0.45 s, paid after every change.
// Before Python 3.8 it is pip freeze itself.
constexpr char kFreezeScript[] = R"py(import sys
try:
    from importlib import metadata
except ImportError:  # Python < 3.8: pip itself
    import runpy
    sys.argv = ["pip", "freeze"]
    runpy.run_module("pip", run_name="__main__", alter_sys=True)
    raise SystemExit(0)
import json
import re
lines = {}
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    if not name:
        continue
    key = re.sub(r"[-_.]+", "-", name).lower()
    if key in lines or key in ("pip", "setuptools", "wheel", "distribute"):
        continue
    line = "%s==%s" % (name, dist.version)
    direct = dist.read_text("direct_url.json")
    if direct:
        try:
            info = json.loads(direct)
            url = info.get("url", "")
            if info.get("dir_info", {}).get("editable"):
                line = "-e " + url
            elif "vcs_info" in info:
                vcs = info["vcs_info"]
                line = "%s @ %s+%s@%s" % (name, vcs.get("vcs", "git"), url, vcs.get("commit_id", ""))
            elif url and not url.startswith("file:"):
                line = "%s @ %s" % (name, url)
        except ValueError:
            pass
    lines[key] = (name.lower(), line)
for _, line in sorted(lines.values()):
    print(line)
)py";

EnvCommand pip(const Environment &environment, QStringList arguments)
{
    return { QStringList { environment.pythonPath(), u"-m"_s, u"pip"_s } + arguments, environment.path };
}

} // namespace

EnvCommand create(
    const Environment &environment, const QString &interpreterPath, const QString &condaExecutable)
{
    const QString parent = QFileInfo(environment.path).absolutePath();
    if (environment.backend == Environment::Backend::Conda)
        return { { condaExecutable, u"create"_s, u"--yes"_s, u"--prefix"_s, environment.path,
                     u"python=%1"_s.arg(environment.pythonVersion) },
            parent };
    return { { interpreterPath, u"-m"_s, u"venv"_s, environment.path }, parent };
}

EnvCommand change(const Environment &environment, const EnvOperation &operation, const PackageIndex &index,
    const QString &condaExecutable)
{
    const bool conda
        = environment.backend == Environment::Backend::Conda && operation.requirementsFile.isEmpty();
    if (conda) {
        const QString verb = operation.kind == EnvOperation::Kind::Uninstall ? u"remove"_s
            : operation.kind == EnvOperation::Kind::Upgrade                  ? u"update"_s
                                                                             : u"install"_s;
        return { QStringList { condaExecutable, verb, u"--yes"_s, u"--prefix"_s, environment.path }
                + operation.packages,
            environment.path };
    }
    if (operation.kind == EnvOperation::Kind::Uninstall)
        return pip(environment, QStringList { u"uninstall"_s, u"--yes"_s } + operation.packages);
    QStringList arguments { u"install"_s };
    if (operation.kind == EnvOperation::Kind::Upgrade)
        arguments << u"--upgrade"_s;
    if (!operation.requirementsFile.isEmpty())
        arguments << u"--requirement"_s << operation.requirementsFile;
    EnvCommand command = pip(environment, arguments + operation.packages);
    // Relative paths inside a requirements file (-r other.txt, -e .) are the project's.
    if (!operation.requirementsFile.isEmpty())
        command.workingDirectory = QFileInfo(operation.requirementsFile).absolutePath();
    // The index goes in pip's variables (processEnvironment); the log shows it, masked.
    command.display = describe(command.argv + index.pipArguments());
    return command;
}

EnvCommand freeze(const Environment &environment)
{
    // -I: neither the working directory nor PYTHON* variables change what is found.
    return { { environment.pythonPath(), u"-I"_s, u"-c"_s, QString::fromLatin1(kFreezeScript) },
        environment.path, environment.pythonPath() + u" -I -c <pip freeze>"_s };
}

EnvCommand list(const Environment &environment)
{
    return pip(environment, { u"list"_s, u"--format=json"_s });
}

QProcessEnvironment processEnvironment(
    const QProcessEnvironment &server, const Environment &environment, const PackageIndex &index)
{
    QProcessEnvironment result;
    static const QStringList dropped { u"PYTHONPATH"_s, u"PYTHONHOME"_s, u"PYTHONSTARTUP"_s,
        u"PYTHONUSERBASE"_s, u"VIRTUAL_ENV"_s, u"PYENV_VERSION"_s, u"UV_INDEX_URL"_s };
    for (const QString &name : server.keys()) {
        if (name.startsWith(u"PIP_"_s) || name.startsWith(u"CONDA_"_s) || name.startsWith(u"MAMBA_"_s)
            || name.startsWith(u"KUMO_"_s) || dropped.contains(name))
            continue;
        result.insert(name, server.value(name));
    }
    result.insert(u"PATH"_s, environment.binDirectory() + u':' + server.value(u"PATH"_s, u"/usr/bin:/bin"_s));
    result.insert(u"PIP_DISABLE_PIP_VERSION_CHECK"_s, u"1"_s);
    result.insert(u"PIP_NO_INPUT"_s, u"1"_s);
    result.insert(u"PYTHONUNBUFFERED"_s, u"1"_s);
    result.insert(u"PYTHONIOENCODING"_s, u"utf-8"_s);
    for (const auto &[name, value] : index.pipVariables())
        result.insert(name, value);
    return result;
}

QString shellCommand(const QStringList &argv)
{
    static const QRegularExpression plain(QRegularExpression::anchoredPattern(u"[A-Za-z0-9_@%+=:,./-]+"_s));
    QStringList words;
    for (const QString &word : argv) {
        if (plain.match(word).hasMatch())
            words.append(word);
        else
            words.append(u'\'' + QString(word).replace(u"'"_s, u"'\\''"_s) + u'\'');
    }
    return words.join(u' ');
}

QString describe(const QStringList &argv)
{
    QStringList masked;
    for (const QString &word : argv)
        masked.append(word.contains(u"://"_s) ? maskUrlPassword(word) : word);
    return shellCommand(masked);
}

FieldErrors checkPackages(const QStringList &packages, const QString &field)
{
    // Names, extras, version clauses, markers-free: what a person types after `pip install`.
    static const QRegularExpression specifier(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9][A-Za-z0-9._\\-\\[\\],<>=!~*:+]*"_s));
    FieldErrors errors;
    if (packages.size() > 100)
        errors.append({ field, u"at most 100 packages at once"_s });
    for (qsizetype i = 0; i < packages.size() && errors.size() < 5; ++i) {
        const QString &package = packages.at(i);
        if (package.size() > 200 || !specifier.match(package).hasMatch())
            errors.append({ u"%1[%2]"_s.arg(field).arg(i),
                u"\"%1\" is not a package specifier such as requests, requests==2.31 or numpy>=1.26"_s.arg(
                    package.left(200)) });
    }
    return errors;
}

} // namespace Kumo::EnvCommands
