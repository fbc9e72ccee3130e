// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "environments/environment.h"
#include "environments/packageindex.h"

#include <QProcessEnvironment>
#include <QStringList>

namespace Kumo {

/// One command of an environment operation.
struct EnvCommand
{
    QStringList argv; // program first
    QString workingDirectory; // empty: the environment's directory
    QString display {}; // how the log shows it, when not its argv
};

/// The commands behind environment operations, as pure functions of their inputs: pip (for
/// venvs, and for requirements files in conda environments) or conda/mamba/micromamba.
namespace EnvCommands {

/// Creates @p environment: `python -m venv PATH` from @p interpreterPath, or
/// `CONDA create -y -p PATH python=X.Y` with @p condaExecutable.
[[nodiscard]] EnvCommand create(
    const Environment &environment, const QString &interpreterPath, const QString &condaExecutable);
/// Installs, upgrades or uninstalls @p operation's packages (and -r its requirements file).
[[nodiscard]] EnvCommand change(const Environment &environment, const EnvOperation &operation,
    const PackageIndex &index, const QString &condaExecutable);
/// What `pip freeze` prints (what a run records), and `python -m pip list --format=json`.
[[nodiscard]] EnvCommand freeze(const Environment &environment);
[[nodiscard]] EnvCommand list(const Environment &environment);

/// The environment of these commands: the server's, without the variables that would change
/// what pip or Python do behind the settings' back (PIP_*, PYTHONPATH, VIRTUAL_ENV, CONDA_*, …),
/// with @p index as pip's variables and the environment's bin directory first on PATH.
[[nodiscard]] QProcessEnvironment processEnvironment(
    const QProcessEnvironment &server, const Environment &environment, const PackageIndex &index);

/// @p argv as one line for people, shell-quoted, passwords in URLs masked.
[[nodiscard]] QString describe(const QStringList &argv);
/// @p argv as a /bin/sh command line (each word single-quoted where needed).
[[nodiscard]] QString shellCommand(const QStringList &argv);

/// Checks requirement specifiers from a client: "requests", "requests==2.31", "numpy>=1.26,<2",
/// "uvicorn[standard]", "numpy=1.26" (conda), "conda-forge::numpy". Never an option (a leading
/// "-" would let a client pass --index-url or -r /etc/…), never whitespace.
[[nodiscard]] FieldErrors checkPackages(const QStringList &packages, const QString &field);

} // namespace EnvCommands

} // namespace Kumo
