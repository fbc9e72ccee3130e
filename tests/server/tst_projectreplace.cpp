// SPDX-License-Identifier: MIT
// Replacing a project's code with a new archive: the new files become current in one step
// once they are valid, a run that is running keeps the old ones whole until it ends, a bad
// archive changes nothing, and a crash mid-replacement leaves the project as it was.

#include "enginefixture.h"
#include "projectfixture.h"
#include "serverfixture.h"

#include "projects/projectservice.h"
#include "storage/runstore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::makeZip;
using KumoTest::ServerFixture;

namespace {

// Prints data.txt, waits until the file named by $1 exists, then prints data.txt again by a
// relative path, through $PWD and through its parent: all must still be the old tree's.
const QByteArray kWaitingScript
    = "echo \"start $(cat data.txt)\"\n"
      "while [ ! -e \"$1\" ]; do sleep 0.02; done\n"
      "echo \"end $(cat data.txt) $(cat \"$PWD/data.txt\") $(cat ../app/data.txt)\"\n";

} // namespace

class TestProjectReplace final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void runningRunKeepsTheOldFiles();
    void refusedReplacementChangesNothing_data();
    void refusedReplacementChangesNothing();
    void failedProjectGetsFilesFromAReplacement();
    void replacingProjectRefusesEditsAndDeletes();
    void restartMidReplacementKeepsTheProjectAndRemovesLeftovers();

private:
    qint64 createProject(const QString &name, const QList<std::pair<QString, QByteArray>> &entries);
    HttpReply replace(qint64 id, const QList<std::pair<QString, QByteArray>> &entries);
    HttpReply replaceWithUpload(qint64 id, qint64 uploadId);
    qint64 createTask(qint64 projectId, const QString &command);
    qint64 runNow(qint64 taskId);
    QString logOf(qint64 runId);
    QString projectsDir() const { return m_server->dir->filePath(u"projects"_s); }
    QStringList projectTrees() const;

    std::unique_ptr<ServerFixture> m_server;
    int m_zips = 0;
};

void TestProjectReplace::init()
{
    m_server = std::make_unique<ServerFixture>();
    QVERIFY(m_server->start());
}

void TestProjectReplace::cleanup()
{
    m_server.reset();
}

qint64 TestProjectReplace::createProject(
    const QString &name, const QList<std::pair<QString, QByteArray>> &entries)
{
    const QString zip = m_server->dir->filePath(u"code%1.zip"_s.arg(++m_zips));
    if (!makeZip(zip, entries))
        return 0;
    const HttpReply reply = m_server->post(u"/api/projects"_s, m_server->admin(),
        { { u"name"_s, name }, { u"uploadId"_s, KumoTest::uploadFile(*m_server, zip) } });
    return reply.status == 202 ? reply.json().value(u"id"_s).toInteger() : 0;
}

HttpReply TestProjectReplace::replace(qint64 id, const QList<std::pair<QString, QByteArray>> &entries)
{
    const QString zip = m_server->dir->filePath(u"code%1.zip"_s.arg(++m_zips));
    if (!makeZip(zip, entries))
        return {};
    return replaceWithUpload(id, KumoTest::uploadFile(*m_server, zip));
}

HttpReply TestProjectReplace::replaceWithUpload(qint64 id, qint64 uploadId)
{
    return m_server->send("PUT", u"/api/projects/%1/archive"_s.arg(id), m_server->admin(),
        QJsonDocument(QJsonObject { { u"uploadId"_s, uploadId } }).toJson());
}

qint64 TestProjectReplace::createTask(qint64 projectId, const QString &command)
{
    const QJsonObject trigger { { u"type"_s, u"date"_s }, { u"at"_s, u"2099-01-01T00:00:00Z"_s } };
    return m_server
        ->post(u"/api/tasks"_s, m_server->admin(),
            { { u"name"_s, u"task-of-%1"_s.arg(projectId) }, { u"command"_s, command },
                { u"projectId"_s, projectId }, { u"trigger"_s, trigger } })
        .json()
        .value(u"id"_s)
        .toInteger();
}

qint64 TestProjectReplace::runNow(qint64 taskId)
{
    return m_server->post(u"/api/tasks/%1/run"_s.arg(taskId), m_server->admin())
        .json()
        .value(u"id"_s)
        .toInteger();
}

QString TestProjectReplace::logOf(qint64 runId)
{
    return m_server->get(u"/api/runs/%1/log"_s.arg(runId), m_server->admin())
        .json()
        .value(u"text"_s)
        .toString();
}

QStringList TestProjectReplace::projectTrees() const
{
    return QDir(projectsDir()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

void TestProjectReplace::runningRunKeepsTheOldFiles()
{
    const qint64 id
        = createProject(u"app"_s, { { u"app/main.sh"_s, kWaitingScript }, { u"app/data.txt"_s, "one" } });
    QVERIFY(id > 0);
    QCOMPARE(KumoTest::waitForProject(*m_server, id).value(u"revision"_s).toInt(), 1);
    const QString oldRoot = m_server->engine->projects().rootOf(id);
    const QString release = m_server->dir->filePath(u"release"_s);
    const qint64 taskId = createTask(id, u"sh main.sh '%1'"_s.arg(release));
    QVERIFY(taskId > 0);
    const qint64 first = runNow(taskId);
    QTRY_VERIFY(logOf(first).startsWith(u"start one\n"_s));

    HttpReply reply = replace(id, { { u"app/main.sh"_s, kWaitingScript }, { u"app/data.txt"_s, "two" } });
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.json().value(u"state"_s).toString(), u"replacing"_s);
    const QJsonObject replaced = KumoTest::waitForProject(*m_server, id);
    QCOMPARE(replaced.value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(replaced.value(u"revision"_s).toInt(), 2);
    QVERIFY(replaced.value(u"error"_s).isNull());
    QCOMPARE(replaced.value(u"workingDir"_s).toString(), u"app"_s);
    const QString newRoot = m_server->engine->projects().rootOf(id);
    QVERIFY(newRoot != oldRoot);
    // The file API already shows the new code; the running run still has the old tree.
    QCOMPARE(m_server->get(u"/api/projects/%1/file?path=app/data.txt"_s.arg(id), m_server->admin())
                 .json()
                 .value(u"text"_s)
                 .toString(),
        u"two"_s);
    QVERIFY(QFileInfo(oldRoot + u"/app/data.txt"_s).isFile());
    QCOMPARE(projectTrees(),
        (QStringList { u".incoming"_s, QFileInfo(oldRoot).fileName(), QFileInfo(newRoot).fileName() }));

    QFile(release).open(QIODevice::WriteOnly);
    QTRY_COMPARE(m_server->engine->runs().get(first)->state, RunState::Succeeded);
    QCOMPARE(logOf(first), u"start one\nend one one one\n"_s);
    // Its run over, the old tree goes.
    QTRY_VERIFY(!QFileInfo::exists(oldRoot));
    QCOMPARE(projectTrees(), (QStringList { u".incoming"_s, QFileInfo(newRoot).fileName() }));

    const qint64 second = runNow(taskId);
    QTRY_COMPARE(m_server->engine->runs().get(second)->state, RunState::Succeeded);
    QCOMPARE(logOf(second), u"start two\nend two two two\n"_s);

    const QJsonArray audit = m_server->get(u"/api/audit?action=project.replace"_s, m_server->admin())
                                 .json()
                                 .value(u"items"_s)
                                 .toArray();
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().toObject().value(u"targetId"_s).toString(), QString::number(id));
    QCOMPARE(audit.first().toObject().value(u"outcome"_s).toString(), u"success"_s);
}

void TestProjectReplace::refusedReplacementChangesNothing_data()
{
    using Entries = QList<std::pair<QString, QByteArray>>;
    QTest::addColumn<Entries>("entries");
    QTest::addColumn<QString>("error");
    QTest::addRow("entry escapes") << Entries { { u"app/sub/main.sh"_s, "echo two\n" },
        { u"../evil.txt"_s, "x" } } << u"../evil.txt"_s;
    QTest::addRow("working directory gone") << Entries { { u"app/main.sh"_s, "echo two\n" } }
                                            << u"no folder 'app/sub' (the project's working directory)"_s;
    QTest::addRow("not an archive") << Entries {} << u"cannot open the archive"_s;
}

void TestProjectReplace::refusedReplacementChangesNothing()
{
    using Entries = QList<std::pair<QString, QByteArray>>;
    QFETCH(Entries, entries);
    QFETCH(QString, error);
    const qint64 id = createProject(u"app"_s, { { u"app/sub/main.sh"_s, "echo one\n" } });
    QCOMPARE(KumoTest::waitForProject(*m_server, id).value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(
        m_server
            ->patch(u"/api/projects/%1"_s.arg(id), m_server->admin(), { { u"workingDir"_s, u"app/sub"_s } })
            .status,
        200);
    const QStringList before = projectTrees();

    HttpReply reply;
    if (entries.isEmpty()) {
        const QString text = m_server->dir->filePath(u"notes.txt"_s);
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("plain text, no archive\n");
        file.close();
        reply = replaceWithUpload(id, KumoTest::uploadFile(*m_server, text));
    } else {
        reply = replace(id, entries);
    }
    QCOMPARE(reply.status, 202);
    const QJsonObject project = KumoTest::waitForProject(*m_server, id);
    QCOMPARE(project.value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(project.value(u"revision"_s).toInt(), 1);
    QVERIFY2(project.value(u"error"_s).toString().contains(error),
        qPrintable(project.value(u"error"_s).toString()));
    QCOMPARE(project.value(u"workingDir"_s).toString(), u"app/sub"_s);
    QFile script(m_server->engine->projects().rootOf(id) + u"/app/sub/main.sh"_s);
    QVERIFY(script.open(QIODevice::ReadOnly));
    QCOMPARE(script.readAll(), QByteArray("echo one\n"));
    QCOMPARE(projectTrees(), before); // nothing half-unpacked beside it
    QVERIFY(QDir(projectsDir() + u"/.incoming"_s).isEmpty());
    QVERIFY(!QFileInfo::exists(m_server->dir->filePath(u"evil.txt"_s)));

    // A good archive afterwards replaces the files and clears the error.
    reply = replace(id, { { u"app/sub/main.sh"_s, "echo two\n" } });
    QCOMPARE(reply.status, 202);
    const QJsonObject fixed = KumoTest::waitForProject(*m_server, id);
    QCOMPARE(fixed.value(u"revision"_s).toInt(), 2);
    QVERIFY(fixed.value(u"error"_s).isNull());
}

void TestProjectReplace::failedProjectGetsFilesFromAReplacement()
{
    const qint64 id = createProject(u"broken"_s, { { u"../escape.py"_s, "x" } });
    QCOMPARE(KumoTest::waitForProject(*m_server, id).value(u"state"_s).toString(), u"failed"_s);
    const QString viewer = m_server->userToken(u"viewer"_s, u"viewer"_s);
    QCOMPARE(m_server
                 ->send("PUT", u"/api/projects/%1/archive"_s.arg(id), ServerFixture::bearer(viewer),
                     QJsonDocument(QJsonObject { { u"uploadId"_s, 1 } }).toJson())
                 .status,
        403);
    QCOMPARE(replaceWithUpload(id, 4242).status, 422);
    QCOMPARE(replaceWithUpload(987654, 1).status, 404);

    HttpReply reply = replace(id, { { u"tool/main.py"_s, "print(1)\n" } });
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.json().value(u"state"_s).toString(), u"extracting"_s); // no files to keep using
    const QJsonObject project = KumoTest::waitForProject(*m_server, id);
    QCOMPARE(project.value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(project.value(u"workingDir"_s).toString(), u"tool"_s);
    QVERIFY(project.value(u"error"_s).isNull());
    QVERIFY(QFileInfo(m_server->engine->projects().rootOf(id) + u"/tool/main.py"_s).isFile());
}

void TestProjectReplace::replacingProjectRefusesEditsAndDeletes()
{
    const qint64 id = createProject(u"busy"_s, { { u"main.sh"_s, "echo hi\n" } });
    QCOMPARE(KumoTest::waitForProject(*m_server, id).value(u"state"_s).toString(), u"ready"_s);
    // Hold the project in the middle of a replacement (the real one is over in milliseconds).
    Project project = *m_server->engine->projects().get(id);
    project.state = Project::State::Replacing;
    QVERIFY(m_server->engine->projects().store().update(project));

    const auto path = [id](const QString &rest) { return u"/api/projects/%1%2"_s.arg(id).arg(rest); };
    QCOMPARE(
        m_server->send("PUT", path(u"/file?path=main.sh"_s), m_server->admin(), R"({"text":"echo lost\n"})")
            .status,
        409);
    QCOMPARE(
        m_server->post(path(u"/directories"_s), m_server->admin(), { { u"path"_s, u"new"_s } }).status, 409);
    QCOMPARE(m_server->send("DELETE", path(u"/file?path=main.sh"_s), m_server->admin()).status, 409);
    QCOMPARE(m_server->send("DELETE", path(QString()), m_server->admin()).status, 409);
    const QString zip = m_server->dir->filePath(u"next.zip"_s);
    QVERIFY(makeZip(zip, { { u"main.sh"_s, "echo next\n" } }));
    const qint64 uploadId = KumoTest::uploadFile(*m_server, zip);
    QCOMPARE(replaceWithUpload(id, uploadId).status, 409);
    QCOMPARE(m_server->get(u"/api/uploads/%1"_s.arg(uploadId), m_server->admin()).status, 200); // kept
    // Reading and running go on from the files in place.
    QCOMPARE(
        m_server->get(path(u"/file?path=main.sh"_s), m_server->admin()).json().value(u"text"_s).toString(),
        u"echo hi\n"_s);
    QCOMPARE(m_server->get(path(u"/files"_s), m_server->admin()).status, 200);
    const qint64 runId = runNow(createTask(id, u"sh main.sh"_s));
    QTRY_COMPARE(m_server->engine->runs().get(runId)->state, RunState::Succeeded);
    QCOMPARE(logOf(runId), u"hi\n"_s);
}

void TestProjectReplace::restartMidReplacementKeepsTheProjectAndRemovesLeftovers()
{
    const qint64 id = createProject(u"crash"_s, { { u"main.sh"_s, "echo hi\n" } });
    QCOMPARE(KumoTest::waitForProject(*m_server, id).value(u"state"_s).toString(), u"ready"_s);
    Project project = *m_server->engine->projects().get(id);
    project.state = Project::State::Replacing;
    QVERIFY(m_server->engine->projects().store().update(project));
    // What a process killed mid-replacement leaves: a half-unpacked tree, the archive, an old tree.
    const QDir projects(projectsDir());
    QVERIFY(projects.mkpath(u"%1.2.part-Ab12Cd/deep"_s.arg(id)));
    QVERIFY(projects.mkpath(u"%1.7"_s.arg(id)));
    QVERIFY(projects.mkpath(u"notes"_s)); // not a name Kumo makes: kept
    QFile archive(projects.filePath(u".incoming/%1.archive"_s.arg(id)));
    QVERIFY(archive.open(QIODevice::WriteOnly));
    archive.close();

    m_server->server.reset();
    m_server->engine.reset();
    QVERIFY(m_server->start());
    const QJsonObject after = m_server->get(u"/api/projects/%1"_s.arg(id), m_server->admin()).json();
    QCOMPARE(after.value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(after.value(u"revision"_s).toInt(), 1);
    QVERIFY(after.value(u"error"_s).toString().contains(u"the files are unchanged"_s));
    QCOMPARE(projectTrees(), (QStringList { u".incoming"_s, QString::number(id), u"notes"_s }));
    QVERIFY(QDir(projectsDir() + u"/.incoming"_s).isEmpty());
    QVERIFY(QFileInfo(m_server->engine->projects().rootOf(id) + u"/main.sh"_s).isFile());
}

QTEST_GUILESS_MAIN(TestProjectReplace)
#include "tst_projectreplace.moc"
