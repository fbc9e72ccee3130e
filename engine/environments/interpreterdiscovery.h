// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Kumo {

/// Where to look for Python interpreters.
struct DiscoveryRoots
{
    QStringList pathDirectories; // $PATH
    QStringList systemDirectories { QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/bin") };
    QString pyenvRoot; // $PYENV_ROOT, else ~/.pyenv
    QStringList condaRoots; // conda, mamba and micromamba installations (each with envs/)
    QString uvDirectory; // $UV_PYTHON_INSTALL_DIR, else ~/.local/share/uv/python
    QStringList extraPaths; // interpreters or bin directories from the settings

    /// The usual places for this user, from the environment and the home directory; @p condaExecutable,
    /// when set, adds the installation it belongs to.
    [[nodiscard]] static DiscoveryRoots fromEnvironment(const QString &condaExecutable = {});
};

/// One executable that may be a Python interpreter.
struct InterpreterCandidate
{
    QString path;
    QString source; // path, system, pyenv, conda, uv or registered
};

/// Lists the executables under @p roots that look like Python interpreters, each real file
/// once (the first name found wins, the most specific sources first: extra paths, pyenv,
/// conda, uv, system, $PATH). Only reads the file system; probing them is the caller's.
/// pyenv's shims are skipped: they dispatch to interpreters listed on their own.
[[nodiscard]] QList<InterpreterCandidate> findInterpreterCandidates(const DiscoveryRoots &roots);

/// The conda-like executable to use for conda environments: @p configured when it is set,
/// else micromamba, mamba or conda on $PATH or in the usual installations; empty when none.
[[nodiscard]] QString findCondaExecutable(const QString &configured = {});

} // namespace Kumo
