// SPDX-License-Identifier: MIT
// Projects over the API: upload an archive in chunks, create the project, watch it unpack on
// the events socket, refuse hostile archives, protect projects that tasks use; parallel and
// interrupted uploads.

#include "enginefixture.h"
#include "projectfixture.h"
#include "serverfixture.h"

#include "projects/projectservice.h"
#include "storage/runstore.h"

#include <QDir>
#include <QJsonArray>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::makeZip;
using KumoTest::ServerFixture;

class TestProjects final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createFromAnUploadedArchive();
    void hostileArchiveFailsWithTheEntry();
    void fieldsAreValidatedBeforeTheUploadIsUsed();
    void concurrentUploadsBecomeTheirOwnProjects();
    void interruptedUploadLeavesNothingBehind();
    void projectUsedByATaskCannotBeDeleted();
    void tasksRunInTheirProject();
    void suggestsHowToRunIt_data();
    void suggestsHowToRunIt();

private:
    qint64 upload(const QString &zipPath);
    QJsonObject waitForProject(qint64 id);

    std::unique_ptr<ServerFixture> m_server;
};

void TestProjects::init()
{
    m_server = std::make_unique<ServerFixture>();
    QVERIFY(m_server->start());
}

void TestProjects::cleanup()
{
    m_server.reset();
}

qint64 TestProjects::upload(const QString &zipPath)
{
    return KumoTest::uploadFile(*m_server, zipPath);
}

QJsonObject TestProjects::waitForProject(qint64 id)
{
    return KumoTest::waitForProject(*m_server, id);
}

void TestProjects::createFromAnUploadedArchive()
{
    const QString zip = m_server->dir->filePath(u"code.zip"_s);
    QVERIFY(
        makeZip(zip, { { u"spider/main.py"_s, "print('hi')\n" }, { u"spider/数据/说明.txt"_s, "你好\n" } }));
    const qint64 uploadId = upload(zip);
    QVERIFY(uploadId > 0);

    QSignalSpy changed(&m_server->engine->projects(), &ProjectService::projectChanged);
    HttpReply reply = m_server->post(u"/api/projects"_s, m_server->admin(),
        { { u"name"_s, u"spider"_s }, { u"uploadId"_s, uploadId }, { u"description"_s, u"crawls"_s } });
    QCOMPARE(reply.status, 202);
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    QCOMPARE(reply.json().value(u"state"_s).toString(), u"extracting"_s);
    // The upload was consumed.
    QCOMPARE(m_server->get(u"/api/uploads/%1"_s.arg(uploadId), m_server->admin()).status, 404);

    const QJsonObject project = waitForProject(id);
    QCOMPARE(project.value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(project.value(u"files"_s).toInt(), 2);
    QCOMPARE(project.value(u"suggestedWorkingDir"_s).toString(), u"spider"_s);
    QCOMPARE(project.value(u"workingDir"_s).toString(), u"spider"_s); // taken when none was given
    QCOMPARE(changed.size(), 2); // created (extracting), then unpacked (ready)
    const QString root = m_server->engine->projects().rootOf(id);
    QFile text(root + u"/spider/数据/说明.txt"_s);
    QVERIFY(text.open(QIODevice::ReadOnly));
    QCOMPARE(text.readAll(), QByteArray("你好\n"));

    reply = m_server->get(u"/api/projects"_s, m_server->admin());
    QCOMPARE(reply.json().value(u"total"_s).toInt(), 1);
    reply = m_server->patch(
        u"/api/projects/%1"_s.arg(id), m_server->admin(), { { u"workingDir"_s, u"spider/数据"_s } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"workingDir"_s).toString(), u"spider/数据"_s);

    QCOMPARE(m_server->send("DELETE", u"/api/projects/%1"_s.arg(id), m_server->admin()).status, 204);
    QTRY_VERIFY(!QDir(root).exists()); // removed in the background
    QCOMPARE(m_server->get(u"/api/projects/%1"_s.arg(id), m_server->admin()).status, 404);
}

void TestProjects::hostileArchiveFailsWithTheEntry()
{
    const QString zip = m_server->dir->filePath(u"evil.zip"_s);
    QVERIFY(makeZip(zip, { { u"ok.py"_s, "x = 1\n" }, { u"../../escaped.txt"_s, "gotcha" } }));
    const qint64 uploadId = upload(zip);
    const HttpReply reply = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, u"evil"_s }, { u"uploadId"_s, uploadId } });
    QCOMPARE(reply.status, 202);
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    const QJsonObject project = waitForProject(id);
    QCOMPARE(project.value(u"state"_s).toString(), u"failed"_s);
    QVERIFY2(project.value(u"error"_s).toString().contains(u"escaped.txt"_s),
        qPrintable(project.value(u"error"_s).toString()));
    QVERIFY(!QDir(m_server->engine->projects().rootOf(id)).exists()); // nothing half-extracted
    QVERIFY(!QFile::exists(m_server->dir->filePath(u"escaped.txt"_s)));
    QVERIFY(!QFile::exists(QDir(m_server->dir->path()).filePath(u"../escaped.txt"_s)));
}

void TestProjects::fieldsAreValidatedBeforeTheUploadIsUsed()
{
    const QString zip = m_server->dir->filePath(u"code.zip"_s);
    QVERIFY(makeZip(zip, { { u"main.py"_s, "pass\n" } }));
    const qint64 uploadId = upload(zip);
    HttpReply reply = m_server->post(u"/api/projects"_s, m_server->admin(),
        { { u"name"_s, u""_s }, { u"uploadId"_s, uploadId }, { u"workingDir"_s, u"../x"_s } });
    QCOMPARE(reply.status, 422);
    const QJsonArray errors = reply.json().value(u"errors"_s).toArray();
    QCOMPARE(errors.size(), 2);
    // The upload is still there: fix the typo and go on.
    QCOMPARE(m_server->get(u"/api/uploads/%1"_s.arg(uploadId), m_server->admin()).status, 200);
    reply = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, u"fine"_s }, { u"uploadId"_s, 987 } });
    QCOMPARE(reply.status, 422);
    reply = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, u"fine"_s }, { u"uploadId"_s, uploadId } });
    QCOMPARE(reply.status, 202);
    QCOMPARE(
        waitForProject(reply.json().value(u"id"_s).toInteger()).value(u"state"_s).toString(), u"ready"_s);
}

void TestProjects::concurrentUploadsBecomeTheirOwnProjects()
{
    // Four archives of three chunks each, their chunks sent interleaved on parallel connections.
    constexpr int kProjects = 4;
    constexpr qint64 kChunk = 1024 * 1024;
    QList<QByteArray> archives;
    QList<qint64> uploads;
    for (int i = 0; i < kProjects; ++i) {
        const QString zip = m_server->dir->filePath(u"parallel%1.zip"_s.arg(i));
        QByteArray noise(int(2.5 * kChunk), Qt::Uninitialized);
        QRandomGenerator(i).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
        QVERIFY(makeZip(zip,
            { { u"main.py"_s, "print(%1)\n"_ba.replace("%1", QByteArray::number(i)) },
                { u"noise.bin"_s, noise } }));
        QFile file(zip);
        QVERIFY(file.open(QIODevice::ReadOnly));
        archives.append(file.readAll());
        const HttpReply reply = m_server->post(u"/api/uploads"_s, m_server->admin(),
            { { u"size"_s, qint64(archives.last().size()) }, { u"filename"_s, u"p.zip"_s } });
        QCOMPARE(reply.status, 201);
        uploads.append(reply.json().value(u"id"_s).toInteger());
    }
    const auto sendAll = [this](const QList<std::tuple<QByteArray, QString, QByteArray>> &requests) {
        QList<QNetworkReply *> replies;
        for (const auto &[method, path, body] : requests) {
            QNetworkRequest request(m_server->url(path));
            request.setRawHeader("Authorization", m_server->admin().first().second);
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                method == "PUT" ? QByteArrayLiteral("application/octet-stream")
                                : QByteArrayLiteral("application/json"));
            replies.append(m_server->network.sendCustomRequest(request, method, body));
        }
        QList<int> statuses;
        for (QNetworkReply *reply : std::as_const(replies)) {
            if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
                return QList<int> {};
            statuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
            reply->deleteLater();
        }
        return statuses;
    };
    for (qint64 offset = 0; offset < 3 * kChunk; offset += kChunk) {
        QList<std::tuple<QByteArray, QString, QByteArray>> chunks;
        for (int i = 0; i < kProjects; ++i) {
            if (offset < archives[i].size())
                chunks.append({ "PUT", u"/api/uploads/%1?offset=%2"_s.arg(uploads[i]).arg(offset),
                    archives[i].mid(offset, kChunk) });
        }
        QCOMPARE(sendAll(chunks), QList<int>(chunks.size(), 200));
    }
    QList<std::tuple<QByteArray, QString, QByteArray>> creations;
    for (int i = 0; i < kProjects; ++i)
        creations.append({ "POST", u"/api/projects"_s,
            QJsonDocument(
                QJsonObject { { u"name"_s, u"parallel-%1"_s.arg(i) }, { u"uploadId"_s, uploads[i] } })
                .toJson() });
    QCOMPARE(sendAll(creations), QList<int>(kProjects, 202));

    const QJsonArray projects
        = m_server->get(u"/api/projects"_s, m_server->admin()).json().value(u"items"_s).toArray();
    QCOMPARE(projects.size(), kProjects);
    for (const QJsonValue &item : projects) {
        const QJsonObject project = waitForProject(item[u"id"_s].toInteger());
        QCOMPARE(project.value(u"state"_s).toString(), u"ready"_s);
        const int index = project.value(u"name"_s).toString().section(u'-', 1).toInt();
        const HttpReply main
            = m_server->get(u"/api/projects/%1/file?path=main.py"_s.arg(project.value(u"id"_s).toInteger()),
                m_server->admin());
        QCOMPARE(main.json().value(u"text"_s).toString(), u"print(%1)\n"_s.arg(index));
    }
}

void TestProjects::interruptedUploadLeavesNothingBehind()
{
    const QString zip = m_server->dir->filePath(u"cut.zip"_s);
    QByteArray noise(3 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(3).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    QVERIFY(makeZip(zip, { { u"noise.bin"_s, noise } }));
    QFile file(zip);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray archive = file.readAll();
    HttpReply reply = m_server->post(u"/api/uploads"_s, m_server->admin(),
        { { u"size"_s, qint64(archive.size()) }, { u"filename"_s, u"cut.zip"_s } });
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    QCOMPARE(m_server
                 ->send("PUT", u"/api/uploads/%1?offset=0"_s.arg(id), m_server->admin(),
                     archive.first(1024 * 1024))
                 .status,
        200);

    // The second chunk's connection dies halfway through its body.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->server->port());
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray chunk = archive.mid(1024 * 1024, 1024 * 1024);
    socket.write("PUT /api/uploads/" + QByteArray::number(id)
        + "?offset=1048576 HTTP/1.1\r\nHost: x\r\n"
          "Authorization: "
        + m_server->admin().first().second
        + "\r\nContent-Type: application/octet-stream\r\n"
          "Content-Length: "
        + QByteArray::number(chunk.size()) + "\r\n\r\n" + chunk.first(chunk.size() / 2));
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesToWrite() == 0; }, 5000));
    socket.abort();
    QTest::qWait(100);

    reply = m_server->get(u"/api/uploads/%1"_s.arg(id), m_server->admin());
    QCOMPARE(reply.json().value(u"received"_s).toInteger(), 1024 * 1024); // nothing of the cut chunk
    reply = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, u"cut"_s }, { u"uploadId"_s, id } });
    QCOMPARE(reply.status, 422);
    QVERIFY2(
        reply.json().value(u"detail"_s).toString().contains(u"finish it first"_s), reply.body.constData());
    QCOMPARE(m_server->get(u"/api/projects"_s, m_server->admin()).json().value(u"total"_s).toInteger(), 0);

    // The client gives up: nothing of it stays on disk.
    QCOMPARE(m_server->send("DELETE", u"/api/uploads/%1"_s.arg(id), m_server->admin()).status, 204);
    QCOMPARE(
        QDir(m_server->dir->filePath(u"uploads"_s)).entryList(QDir::Files | QDir::Hidden), QStringList());
    // Only the hidden .incoming folder, empty.
    QCOMPARE(QDir(m_server->dir->filePath(u"projects"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList());
    QVERIFY(QDir(m_server->dir->filePath(u"projects/.incoming"_s)).isEmpty());
}

void TestProjects::projectUsedByATaskCannotBeDeleted()
{
    const QString zip = m_server->dir->filePath(u"code.zip"_s);
    QVERIFY(makeZip(zip, { { u"main.py"_s, "pass\n" } }));
    const HttpReply created = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, u"used"_s }, { u"uploadId"_s, upload(zip) } });
    const qint64 id = created.json().value(u"id"_s).toInteger();
    QCOMPARE(waitForProject(id).value(u"state"_s).toString(), u"ready"_s);
    Task task = KumoTest::task(u"nightly"_s, u"python main.py"_s);
    task.projectId = id;
    QVERIFY(m_server->engine->createTask(task).ok());
    const HttpReply reply = m_server->send("DELETE", u"/api/projects/%1"_s.arg(id), m_server->admin());
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.json().value(u"tasks"_s).toArray(), QJsonArray { u"nightly"_s });
    QVERIFY(QDir(m_server->engine->projects().rootOf(id)).exists());
}

void TestProjects::tasksRunInTheirProject()
{
    const QString zip = m_server->dir->filePath(u"code.zip"_s);
    QVERIFY(makeZip(zip, { { u"app/main.sh"_s, "echo version 1\n" }, { u"app/out/.keep"_s, "" } }));
    HttpReply reply = m_server->post(u"/api/projects"_s, m_server->admin(),
        { { u"name"_s, u"app"_s }, { u"uploadId"_s, upload(zip) }, { u"outputDir"_s, u"app/out"_s } });
    const qint64 projectId = reply.json().value(u"id"_s).toInteger();
    QCOMPARE(waitForProject(projectId).value(u"workingDir"_s).toString(), u"app"_s);

    const QJsonObject trigger { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } };
    reply = m_server->post(u"/api/tasks"_s, m_server->admin(),
        { { u"name"_s, u"versioned"_s }, { u"command"_s, u"sh main.sh; pwd; echo \"$KUMO_OUTPUT_DIR\""_s },
            { u"projectId"_s, projectId }, { u"trigger"_s, trigger } });
    QCOMPARE(reply.status, 201);
    const qint64 taskId = reply.json().value(u"id"_s).toInteger();
    const auto runAndRead = [&]() -> QString {
        const qint64 runId = m_server->post(u"/api/tasks/%1/run"_s.arg(taskId), m_server->admin())
                                 .json()
                                 .value(u"id"_s)
                                 .toInteger();
        if (!QTest::qWaitFor([&] { return !isActive(m_server->engine->runs().get(runId)->state); }, 10000))
            return u"(run did not end)"_s;
        return m_server->get(u"/api/runs/%1/log"_s.arg(runId), m_server->admin())
            .json()
            .value(u"text"_s)
            .toString();
    };
    const QString root = QFileInfo(m_server->engine->projects().rootOf(projectId)).canonicalFilePath();
    QCOMPARE(runAndRead(), u"version 1\n%1/app\n%1/app/out\n"_s.arg(root));
    // An edit of the project's files is what the next run uses.
    QFile script(root + u"/app/main.sh"_s);
    QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
    script.write("echo version 2\n");
    script.close();
    QVERIFY(runAndRead().startsWith(u"version 2\n"_s));

    // A task cannot point at a project that does not exist, or out of its project.
    reply = m_server->post(u"/api/tasks"_s, m_server->admin(),
        { { u"name"_s, u"lost"_s }, { u"command"_s, u"true"_s }, { u"projectId"_s, 4242 },
            { u"trigger"_s, trigger } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(u"errors"_s).toArray().first().toObject().value(u"field"_s).toString(),
        u"projectId"_s);
    reply = m_server->post(u"/api/tasks"_s, m_server->admin(),
        { { u"name"_s, u"escape"_s }, { u"command"_s, u"true"_s }, { u"projectId"_s, projectId },
            { u"workingDir"_s, u"../.."_s }, { u"trigger"_s, trigger } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(u"errors"_s).toArray().first().toObject().value(u"field"_s).toString(),
        u"workingDir"_s);
    // A missing working directory fails the run and says why.
    QCOMPARE(
        m_server->patch(u"/api/tasks/%1"_s.arg(taskId), m_server->admin(), { { u"workingDir"_s, u"gone"_s } })
            .status,
        200);
    const qint64 runId = m_server->post(u"/api/tasks/%1/run"_s.arg(taskId), m_server->admin())
                             .json()
                             .value(u"id"_s)
                             .toInteger();
    QTRY_COMPARE(m_server->engine->runs().get(runId)->state, RunState::Failed);
    QVERIFY(m_server->engine->runs().get(runId)->error.contains(u"gone"_s));
}

void TestProjects::suggestsHowToRunIt_data()
{
    using Entries = QList<std::pair<QString, QByteArray>>;
    QTest::addColumn<Entries>("entries");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("commands");
    QTest::addColumn<QString>("requirements");
    QTest::addColumn<QStringList>("browsers");
    QTest::addRow("script in a folder")
        << Entries { { u"bot/main.py"_s, "from playwright.sync_api import sync_playwright\n" },
               { u"bot/util.py"_s, "import os\n" }, { u"bot/requirements.txt"_s, "playwright\n" } }
        << u"script"_s << QStringList { u"python main.py"_s, u"python util.py"_s } << u"requirements.txt"_s
        << QStringList { u"playwright"_s };
    QTest::addRow("scrapy") << Entries { { u"scrapy.cfg"_s, "[settings]\n" },
        { u"shop/spiders/books.py"_s, "import scrapy\nclass B(scrapy.Spider):\n    name = 'books'\n" },
        { u"shop/spiders/quotes.py"_s, "class Q:\n    name = \"quotes\"\n" } }
                            << u"scrapy"_s
                            << QStringList { u"scrapy crawl books"_s, u"scrapy crawl quotes"_s,
                                   u"scrapy list"_s }
                            << QString() << QStringList();
    QTest::addRow("package with selenium")
        << Entries { { u"__main__.py"_s, "from selenium import webdriver\n" },
               { u"pyproject.toml"_s, "[project]\n" } }
        << u"package"_s << QStringList { u"python ."_s } << QString() << QStringList { u"selenium"_s };
    QTest::addRow("nothing to run") << Entries { { u"README.md"_s, "hello\n" } } << u"unknown"_s
                                    << QStringList() << QString() << QStringList();
}

void TestProjects::suggestsHowToRunIt()
{
    using Entries = QList<std::pair<QString, QByteArray>>;
    QFETCH(Entries, entries);
    QFETCH(QString, kind);
    QFETCH(QStringList, commands);
    QFETCH(QString, requirements);
    QFETCH(QStringList, browsers);
    const QString zip = m_server->dir->filePath(u"code.zip"_s);
    QVERIFY(makeZip(zip, entries));
    const qint64 id = m_server
                          ->post(u"/api/projects"_s, m_server->admin(),
                              { { u"name"_s, u"p"_s }, { u"uploadId"_s, upload(zip) } })
                          .json()
                          .value(u"id"_s)
                          .toInteger();
    QCOMPARE(waitForProject(id).value(u"state"_s).toString(), u"ready"_s);
    const QJsonObject suggestions
        = m_server->get(u"/api/projects/%1/suggestions"_s.arg(id), m_server->admin()).json();
    QCOMPARE(suggestions.value(u"kind"_s).toString(), kind);
    QStringList got;
    for (const QJsonValue &command : suggestions.value(u"commands"_s).toArray())
        got.append(command.toString());
    QCOMPARE(got, commands);
    QCOMPARE(suggestions.value(u"requirementsFile"_s).toString(), requirements);
    QStringList gotBrowsers;
    for (const QJsonValue &browser : suggestions.value(u"browsers"_s).toArray())
        gotBrowsers.append(browser.toString());
    QCOMPARE(gotBrowsers, browsers);
}

QTEST_GUILESS_MAIN(TestProjects)
#include "tst_projects.moc"
