// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// A Python interpreter on this machine, found by discovery or registered by path.
struct Interpreter
{
    qint64 id = 0;
    QString path; // the executable as found (a symlink stays a symlink: venvs rely on that)
    QString version; // "3.11.2"
    QString implementation; // "CPython", "PyPy", …
    QString source; // system, path, pyenv, conda, uv or registered
    bool available = true; // found and working at the last refresh
    bool hasVenv = false; // can make venvs with pip (venv and ensurepip import)
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// "3.11" of "3.11.2".
    [[nodiscard]] QString minorVersion() const;
    /// {"id","path","version","implementation","source","available","venv","createdAt","updatedAt"}
    [[nodiscard]] QJsonObject toJson() const;
};

/// What running an interpreter told about itself.
struct ProbeResult
{
    std::optional<Interpreter> interpreter; // without id, source and times
    QString error; // why it is not a usable Python, for people
};

/// Runs @p path with a short script that prints its implementation, version and whether it
/// can make venvs; refuses anything that is not a working Python ≥ 3.6. Blocks for up to
/// @p timeoutMs: call it from a worker thread.
[[nodiscard]] ProbeResult probeInterpreter(const QString &path, int timeoutMs = 10000);

/// Parses the probe script's output (separate for tests).
[[nodiscard]] ProbeResult parseProbeOutput(const QString &path, const QByteArray &output);

} // namespace Kumo
