// SPDX-License-Identifier: MIT
#pragma once

// Helpers for project tests: archives uploaded and unpacked through the API.

#include "serverfixture.h"
#include "zipmaker.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTest>

#include <QTemporaryDir>

#include <utility>

namespace KumoTest {

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
            const QString state = project.value(QStringLiteral("state")).toString();
            return state != u"extracting" && state != u"replacing";
        },
        15000);
    return project;
}

/// Creates project @p name from a ZIP of @p entries and waits until it is unpacked; its id,
/// or 0 when it is not ready.
inline qint64 createProject(
    ServerFixture &server, const QString &name, const QList<std::pair<QString, QByteArray>> &entries)
{
    QTemporaryDir work;
    const QString zip = work.filePath(QStringLiteral("code.zip"));
    if (!makeZip(zip, entries))
        return 0;
    const qint64 id = server
                          .post(QStringLiteral("/api/projects"), server.admin(),
                              { { QStringLiteral("name"), name },
                                  { QStringLiteral("uploadId"), uploadFile(server, zip) } })
                          .json()
                          .value(QStringLiteral("id"))
                          .toInteger();
    return id > 0 && waitForProject(server, id).value(QStringLiteral("state")).toString() == u"ready" ? id
                                                                                                      : 0;
}

} // namespace KumoTest
