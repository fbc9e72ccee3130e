// SPDX-License-Identifier: MIT
#pragma once

// ZIP files written by Python's zipfile, as users' tools make them.

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <utility>

namespace KumoTest {

/// Writes a ZIP at @p path with @p entries (name → content); names go in as UTF-8.
inline bool makeZip(const QString &path, const QList<std::pair<QString, QByteArray>> &entries)
{
    // Contents go through files: large ones would outgrow a command line.
    QTemporaryDir contents;
    QString script = QStringLiteral(
        "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n");
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QFile file(contents.filePath(QString::number(i)));
        if (!file.open(QIODevice::WriteOnly) || file.write(entries[i].second) != entries[i].second.size())
            return false;
        script += QStringLiteral("z.writestr(bytes.fromhex('%1').decode(), open(%2, 'rb').read())\n")
                      .arg(QString::fromLatin1(entries[i].first.toUtf8().toHex()),
                          QString::fromLatin1("bytes.fromhex('" + file.fileName().toUtf8().toHex() + "')"));
    }
    script += QStringLiteral("z.close()\n");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), script, path });
    return python.waitForFinished(20000) && python.exitCode() == 0;
}

} // namespace KumoTest
