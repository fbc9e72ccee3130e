// SPDX-License-Identifier: MIT
#pragma once

// ZIP files for project tests, written by Python's zipfile as users' tools make them.

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>

#include <utility>

namespace KumoTest {

/// Writes a ZIP at @p path with @p entries (name → content); names go in as UTF-8.
inline bool makeZip(const QString &path, const QList<std::pair<QString, QByteArray>> &entries)
{
    QString script = QStringLiteral(
        "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n");
    for (const auto &[name, content] : entries) {
        script += QStringLiteral("z.writestr(%1, %2)\n")
                      .arg(QString::fromLatin1("bytes.fromhex('" + name.toUtf8().toHex() + "').decode()"),
                          QString::fromLatin1("bytes.fromhex('" + content.toHex() + "')"));
    }
    script += QStringLiteral("z.close()\n");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), script, path });
    return python.waitForFinished(20000) && python.exitCode() == 0;
}

} // namespace KumoTest
