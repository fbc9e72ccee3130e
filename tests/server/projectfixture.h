// SPDX-License-Identifier: MIT
#pragma once

// Helpers for project tests: ZIP files written by Python's zipfile as users' tools make them,
// uploaded and unpacked through the API.

#include "serverfixture.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTest>

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

/// Uploads the file at @p path in one chunk; the upload id, or 0 when that fails.
inline qint64 uploadFile(ServerFixture &server, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray bytes = file.readAll();
    const qint64 id = server
                          .post(QStringLiteral("/api/uploads"), server.admin(),
                              { { QStringLiteral("size"), qint64(bytes.size()) },
                                  { QStringLiteral("filename"), QStringLiteral("code.zip") } })
                          .json()
                          .value(QStringLiteral("id"))
                          .toInteger();
    const HttpReply put
        = server.send("PUT", QStringLiteral("/api/uploads/%1?offset=0").arg(id), server.admin(), bytes);
    return put.json().value(QStringLiteral("complete")).toBool() ? id : 0;
}

/// Waits (at most 15 s) until project @p id is no longer being unpacked; its JSON.
inline QJsonObject waitForProject(ServerFixture &server, qint64 id)
{
    QJsonObject project;
    (void)QTest::qWaitFor(
        [&] {
            project = server.get(QStringLiteral("/api/projects/%1").arg(id), server.admin()).json();
            return project.value(QStringLiteral("state")).toString() != u"extracting";
        },
        15000);
    return project;
}

} // namespace KumoTest
