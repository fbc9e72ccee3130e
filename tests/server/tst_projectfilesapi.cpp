// SPDX-License-Identifier: MIT
// The project file API: browse, read (UTF-8, GBK, binary, over the editor's cap), edit, create
// folders, move, delete, download a file or the whole project — and no path, encoded or linked,
// that reaches outside the project.

#include "projectfixture.h"
#include "serverfixture.h"

#include "projects/projectservice.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace Kumo;
using KumoTest::HttpReply;
using KumoTest::makeZip;
using KumoTest::ServerFixture;

namespace {

/// The entry names of a ZIP, as Python's zipfile reads them.
QStringList zipNames(const QByteArray &zip)
{
    QProcess python;
    python.start(u"/usr/bin/python3"_s,
        { u"-c"_s,
            u"import io, sys, zipfile\n"
            "for n in zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).namelist(): print(n)\n"_s });
    python.write(zip);
    python.closeWriteChannel();
    if (!python.waitForFinished(20000) || python.exitCode() != 0)
        return { u"(not a zip: %1)"_s.arg(QString::fromUtf8(python.readAllStandardError())) };
    return QString::fromUtf8(python.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

QString q(const QString &path)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(path));
}

QString errorField(const HttpReply &reply)
{
    return reply.json().value(u"errors"_s).toArray().first().toObject().value(u"field"_s).toString();
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const QByteArray kGbkText = "\xC4\xE3\xBA\xC3\xA3\xAC\xCA\xC0\xBD\xE7\n"; // 你好，世界
const QByteArray kBinary("\x00\x01\x02\xFF\xFEzip\x00", 9);

} // namespace

class TestProjectFilesApi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsTheRootAndAFolder();
    void readsTextInItsEncoding();
    void binaryAndRequestedDownloadsAreBytes();
    void filesOverTheEditorCapAre413();
    void writeThenReadBackIsAudited();
    void makeMoveAndDeleteFolders();
    void hostilePathsAreRefused_data();
    void hostilePathsAreRefused();
    void viewerReadsButCannotWrite();
    void downloadsTheProjectAsZip();
    void missingOrUnreadyProjects();

private:
    qint64 upload(const QString &zipPath);
    qint64 createProject(const QString &name, const QList<std::pair<QString, QByteArray>> &entries);
    [[nodiscard]] QString api(const QString &rest) const
    {
        return u"/api/projects/%1%2"_s.arg(m_project).arg(rest);
    }
    [[nodiscard]] QString root() const { return m_server->engine->projects().rootOf(m_project); }

    std::unique_ptr<ServerFixture> m_server;
    qint64 m_project = 0;
};

void TestProjectFilesApi::init()
{
    m_server = std::make_unique<ServerFixture>();
    QVERIFY(m_server->start());
    m_project = createProject(u"spider"_s,
        {
            { u"main.py"_s, "print('hi')\n" },
            { u"pkg/util.py"_s, "X = 1\n" },
            { u"pkg/数据/说明.txt"_s, "你好\n" },
            { u"gbk.txt"_s, kGbkText },
            { u"data.bin"_s, kBinary },
        });
    QVERIFY(m_project > 0);
}

void TestProjectFilesApi::cleanup()
{
    m_server.reset();
}

qint64 TestProjectFilesApi::upload(const QString &zipPath)
{
    return KumoTest::uploadFile(*m_server, zipPath);
}

/// Creates a project from @p entries and waits until it is unpacked; 0 when that fails.
qint64 TestProjectFilesApi::createProject(
    const QString &name, const QList<std::pair<QString, QByteArray>> &entries)
{
    const QString zip = m_server->dir->filePath(name + u".zip"_s);
    if (!makeZip(zip, entries))
        return 0;
    const HttpReply created = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, name }, { u"uploadId"_s, upload(zip) } });
    const qint64 id = created.json().value(u"id"_s).toInteger();
    const QString state = KumoTest::waitForProject(*m_server, id).value(u"state"_s).toString();
    return state == u"ready" ? id : 0;
}

void TestProjectFilesApi::listsTheRootAndAFolder()
{
    HttpReply reply = m_server->get(api(u"/files"_s), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"path"_s).toString(), QString());
    QJsonArray items = reply.json().value(u"items"_s).toArray();
    QStringList names;
    for (const QJsonValue &item : std::as_const(items))
        names.append(item[u"name"_s].toString());
    QCOMPARE(names, (QStringList { u"pkg"_s, u"data.bin"_s, u"gbk.txt"_s, u"main.py"_s })); // folders first
    const QJsonObject pkg = items.at(0).toObject();
    QCOMPARE(pkg.value(u"type"_s).toString(), u"directory"_s);
    QCOMPARE(pkg.value(u"path"_s).toString(), u"pkg"_s);
    const QJsonObject main = items.at(3).toObject();
    QCOMPARE(main.value(u"type"_s).toString(), u"file"_s);
    QCOMPARE(main.value(u"size"_s).toInt(), 12);
    QVERIFY2(main.value(u"modifiedAt"_s).toString().endsWith(u'Z'),
        qPrintable(main.value(u"modifiedAt"_s).toString()));

    reply = m_server->get(api(u"/files?path="_s + q(u"pkg/数据"_s)), m_server->admin());
    QCOMPARE(reply.status, 200);
    items = reply.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0)[u"path"_s].toString(), u"pkg/数据/说明.txt"_s);
    QCOMPARE(items.at(0)[u"size"_s].toInt(), 7);

    QCOMPARE(m_server->get(api(u"/files?path=nope"_s), m_server->admin()).status, 404);
    reply = m_server->get(api(u"/files?path=main.py"_s), m_server->admin());
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"path"_s);
}

void TestProjectFilesApi::readsTextInItsEncoding()
{
    HttpReply reply = m_server->get(api(u"/file?path="_s + q(u"pkg/数据/说明.txt"_s)), m_server->admin());
    QCOMPARE(reply.status, 200);
    QJsonObject file = reply.json();
    QCOMPARE(file.value(u"path"_s).toString(), u"pkg/数据/说明.txt"_s);
    QCOMPARE(file.value(u"text"_s).toString(), u"你好\n"_s);
    QCOMPARE(file.value(u"encoding"_s).toString(), u"UTF-8"_s);
    QCOMPARE(file.value(u"binary"_s).toBool(), false);
    QCOMPARE(file.value(u"size"_s).toInt(), 7);

    reply = m_server->get(api(u"/file?path=gbk.txt"_s), m_server->admin());
    QCOMPARE(reply.status, 200);
    file = reply.json();
    QCOMPARE(file.value(u"encoding"_s).toString(), u"GB18030"_s);
    QCOMPARE(file.value(u"text"_s).toString(), u"你好，世界\n"_s);
    QCOMPARE(file.value(u"size"_s).toInt(), kGbkText.size());

    QCOMPARE(m_server->get(api(u"/file?path=missing.py"_s), m_server->admin()).status, 404);
    reply = m_server->get(api(u"/file"_s), m_server->admin());
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"path"_s);
    QCOMPARE(m_server->get(api(u"/file?path=pkg"_s), m_server->admin()).status, 422); // a folder
}

void TestProjectFilesApi::binaryAndRequestedDownloadsAreBytes()
{
    HttpReply reply = m_server->get(api(u"/file?path=data.bin"_s), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/octet-stream"));
    QCOMPARE(reply.body, kBinary);
    QCOMPARE(reply.header("Content-Disposition"),
        QByteArray("attachment; filename=\"data.bin\"; filename*=UTF-8''data.bin"));

    reply = m_server->get(api(u"/file?download=true&path="_s + q(u"pkg/数据/说明.txt"_s)), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/octet-stream"));
    QCOMPARE(reply.body, QByteArray("你好\n"));
    // Non-ASCII names: an ASCII stand-in, and the exact name per RFC 6266 / 8187.
    QCOMPARE(reply.header("Content-Disposition"),
        QByteArray("attachment; filename=\"__.txt\"; filename*=UTF-8''%E8%AF%B4%E6%98%8E.txt"));

    // Quotes and such never break out of the header parameter.
    QVERIFY(QFile::copy(root() + u"/main.py"_s, root() + u"/a\"b;c%.py"_s));
    reply = m_server->get(api(u"/file?download=1&path="_s + q(u"a\"b;c%.py"_s)), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Disposition"),
        QByteArray("attachment; filename=\"a_b;c_.py\"; filename*=UTF-8''a%22b%3Bc%25.py"));

    QCOMPARE(m_server->get(api(u"/file?download=true&path=nope"_s), m_server->admin()).status, 404);
    QCOMPARE(m_server->get(api(u"/file?download=true&path=pkg"_s), m_server->admin()).status, 422);
    QCOMPARE(m_server->get(api(u"/file?download=maybe&path=main.py"_s), m_server->admin()).status, 400);
}

void TestProjectFilesApi::filesOverTheEditorCapAre413()
{
    const QByteArray big(2 * 1024 * 1024 + 1, 'a');
    QFile file(root() + u"/big.txt"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(big);
    file.close();
    HttpReply reply = m_server->get(api(u"/file?path=big.txt"_s), m_server->admin());
    QCOMPARE(reply.status, 413);
    QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"?download=true"_s));
    reply = m_server->get(api(u"/file?path=big.txt&download=true"_s), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body.size(), big.size());

    // Exactly at the cap it opens, and it can be saved back.
    QVERIFY(file.resize(2 * 1024 * 1024));
    reply = m_server->get(api(u"/file?path=big.txt"_s), m_server->admin());
    QCOMPARE(reply.status, 200);
    const QString text = reply.json().value(u"text"_s).toString();
    QCOMPARE(text.size(), 2 * 1024 * 1024);
    reply = m_server->send(
        "PUT", api(u"/file?path=big.txt"_s), m_server->admin(), json({ { u"text"_s, text } }));
    QCOMPARE(reply.status, 200);
    reply = m_server->send("PUT", api(u"/file?path=big.txt"_s), m_server->admin(),
        json({ { u"text"_s, QString(text + u'b') } }));
    QCOMPARE(reply.status, 413);
    QCOMPARE(QFileInfo(file.fileName()).size(), 2 * 1024 * 1024);
}

void TestProjectFilesApi::writeThenReadBackIsAudited()
{
    HttpReply reply = m_server->send("PUT", api(u"/file?path="_s + q(u"pkg/新.py"_s)), m_server->admin(),
        json({ { u"text"_s, u"print('新')\n"_s } }));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"path"_s).toString(), u"pkg/新.py"_s);
    QCOMPARE(reply.json().value(u"encoding"_s).toString(), u"UTF-8"_s);
    QCOMPARE(reply.json().value(u"size"_s).toInt(), 13);
    reply = m_server->get(api(u"/file?path="_s + q(u"pkg/新.py"_s)), m_server->admin());
    QCOMPARE(reply.json().value(u"text"_s).toString(), u"print('新')\n"_s);

    // A GBK file stays GBK when saved in the encoding it was read in.
    reply = m_server->send("PUT", api(u"/file?path=gbk.txt"_s), m_server->admin(),
        json({ { u"text"_s, u"再见\n"_s }, { u"encoding"_s, u"GB18030"_s } }));
    QCOMPARE(reply.status, 200);
    QFile gbk(root() + u"/gbk.txt"_s);
    QVERIFY(gbk.open(QIODevice::ReadOnly));
    QCOMPARE(gbk.readAll(), QByteArray("\xD4\xD9\xBC\xFB\n"));
    reply = m_server->send("PUT", api(u"/file?path=u16.txt"_s), m_server->admin(),
        json({ { u"text"_s, u"é\n"_s }, { u"encoding"_s, u"utf-16le"_s } }));
    QCOMPARE(reply.json().value(u"encoding"_s).toString(), u"UTF-16LE"_s);
    reply = m_server->get(api(u"/file?path=u16.txt"_s), m_server->admin());
    QCOMPARE(reply.json().value(u"encoding"_s).toString(), u"UTF-16LE"_s);
    QCOMPARE(reply.json().value(u"text"_s).toString(), u"é\n"_s);
    QCOMPARE(reply.json().value(u"size"_s).toInt(), 6); // with the byte order mark
    reply = m_server->send("PUT", api(u"/file?path=main.py"_s), m_server->admin(),
        json({ { u"text"_s, u"x"_s }, { u"encoding"_s, u"EBCDIC"_s } }));
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"encoding"_s);
    reply
        = m_server->send("PUT", api(u"/file?path=main.py"_s), m_server->admin(), json({ { u"text"_s, 5 } }));
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"text"_s);
    // The folder must exist; a folder cannot be overwritten.
    QCOMPARE(
        m_server
            ->send("PUT", api(u"/file?path=no/such.py"_s), m_server->admin(), json({ { u"text"_s, u""_s } }))
            .status,
        404);
    QCOMPARE(
        m_server->send("PUT", api(u"/file?path=pkg"_s), m_server->admin(), json({ { u"text"_s, u""_s } }))
            .status,
        409);

    reply = m_server->get(u"/api/audit?action=project.file.write&outcome=success"_s, m_server->admin());
    const QJsonArray rows = reply.json().value(u"items"_s).toArray();
    QCOMPARE(rows.size(), 3);
    QStringList paths;
    for (const QJsonValue &row : rows) {
        QCOMPARE(row[u"targetType"_s].toString(), u"project"_s);
        QCOMPARE(row[u"targetId"_s].toString(), QString::number(m_project));
        QCOMPARE(row[u"actor"_s].toString(), u"admin"_s);
        paths.append(row[u"details"_s][u"path"_s].toString());
    }
    paths.sort();
    QCOMPARE(paths, (QStringList { u"gbk.txt"_s, u"pkg/新.py"_s, u"u16.txt"_s }));
}

void TestProjectFilesApi::makeMoveAndDeleteFolders()
{
    HttpReply reply
        = m_server->post(api(u"/directories"_s), m_server->admin(), { { u"path"_s, u"pkg/out"_s } });
    QCOMPARE(reply.status, 201);
    QVERIFY(QFileInfo(root() + u"/pkg/out"_s).isDir());
    QCOMPARE(
        m_server->post(api(u"/directories"_s), m_server->admin(), { { u"path"_s, u"pkg/out"_s } }).status,
        409);
    QCOMPARE(
        m_server->post(api(u"/directories"_s), m_server->admin(), { { u"path"_s, u"a/b/c"_s } }).status, 404);
    reply = m_server->post(api(u"/directories"_s), m_server->admin(), {});
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"path"_s);

    reply = m_server->post(api(u"/file/move"_s), m_server->admin(),
        { { u"from"_s, u"main.py"_s }, { u"to"_s, u"pkg/out/main.py"_s } });
    QCOMPARE(reply.status, 200);
    QVERIFY(!QFile::exists(root() + u"/main.py"_s));
    QVERIFY(QFile::exists(root() + u"/pkg/out/main.py"_s));
    reply = m_server->post(
        api(u"/file/move"_s), m_server->admin(), { { u"from"_s, u"pkg"_s }, { u"to"_s, u"pkg/out/pkg"_s } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"to"_s);
    QCOMPARE(m_server
                 ->post(api(u"/file/move"_s), m_server->admin(),
                     { { u"from"_s, u"gbk.txt"_s }, { u"to"_s, u"data.bin"_s } })
                 .status,
        409);
    QCOMPARE(m_server
                 ->post(api(u"/file/move"_s), m_server->admin(),
                     { { u"from"_s, u"gone"_s }, { u"to"_s, u"here"_s } })
                 .status,
        404);
    reply = m_server->post(api(u"/file/move"_s), m_server->admin(), { { u"from"_s, u"gbk.txt"_s } });
    QCOMPARE(reply.status, 422);
    QCOMPARE(errorField(reply), u"to"_s);

    QCOMPARE(m_server->send("DELETE", api(u"/file?path=data.bin"_s), m_server->admin()).status, 204);
    QVERIFY(!QFile::exists(root() + u"/data.bin"_s));
    QCOMPARE(m_server->send("DELETE", api(u"/file?path=pkg"_s), m_server->admin()).status, 204); // recursive
    QVERIFY(!QFileInfo::exists(root() + u"/pkg"_s));
    QCOMPARE(m_server->send("DELETE", api(u"/file?path=pkg"_s), m_server->admin()).status, 404);
    reply = m_server->send("DELETE", api(u"/file"_s), m_server->admin());
    QCOMPARE(reply.status, 422); // never the project folder itself
    QVERIFY(QFileInfo(root()).isDir());

    reply = m_server->get(u"/api/audit?action=project.file.*&outcome=success"_s, m_server->admin());
    QStringList actions;
    for (const QJsonValue &row : reply.json().value(u"items"_s).toArray())
        actions.append(row[u"action"_s].toString());
    actions.sort();
    QCOMPARE(actions,
        (QStringList { u"project.file.delete"_s, u"project.file.delete"_s, u"project.file.mkdir"_s,
            u"project.file.move"_s }));
}

void TestProjectFilesApi::hostilePathsAreRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("route"); // after /api/projects/ID
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    const QJsonObject text { { u"text"_s, u"pwned"_s } };
    const QString outsideFile = QDir::tempPath() + u"/kumo-escaped.txt"_s;
    QTest::addRow("read ../") << QByteArray("GET") << u"/file?path=../../escaped.txt"_s << QJsonObject()
                              << u"path"_s;
    QTest::addRow("read absolute") << QByteArray("GET") << u"/file?path=/etc/passwd"_s << QJsonObject()
                                   << u"path"_s;
    QTest::addRow("read encoded dots")
        << QByteArray("GET") << u"/file?path=%2e%2e%2f%2e%2e%2fetc%2fpasswd"_s << QJsonObject() << u"path"_s;
    QTest::addRow("read backslash") << QByteArray("GET") << u"/file?path=..%5C..%5Cetc%5Cpasswd"_s
                                    << QJsonObject() << u"path"_s;
    QTest::addRow("read through link")
        << QByteArray("GET") << u"/file?path=etc/passwd"_s << QJsonObject() << u"path"_s;
    QTest::addRow("read the link") << QByteArray("GET") << u"/file?path=etc"_s << QJsonObject() << u"path"_s;
    QTest::addRow("download through link")
        << QByteArray("GET") << u"/file?download=true&path=etc/passwd"_s << QJsonObject() << u"path"_s;
    QTest::addRow("download encoded dots")
        << QByteArray("GET") << u"/file?download=true&path=%2E%2E/%2E%2E/etc/passwd"_s << QJsonObject()
        << u"path"_s;
    QTest::addRow("list ..") << QByteArray("GET") << u"/files?path=.."_s << QJsonObject() << u"path"_s;
    QTest::addRow("list link") << QByteArray("GET") << u"/files?path=etc"_s << QJsonObject() << u"path"_s;
    QTest::addRow("list absolute") << QByteArray("GET") << u"/files?path=/"_s << QJsonObject() << u"path"_s;
    QTest::addRow("write ../") << QByteArray("PUT") << u"/file?path=../escaped.txt"_s << text << u"path"_s;
    QTest::addRow("write encoded dots")
        << QByteArray("PUT") << u"/file?path=pkg%2F%2e%2e%2F%2e%2e%2Fescaped.txt"_s << text << u"path"_s;
    QTest::addRow("write absolute") << QByteArray("PUT") << u"/file?path="_s + q(outsideFile) << text
                                    << u"path"_s;
    QTest::addRow("write through link")
        << QByteArray("PUT") << u"/file?path=out/escaped.txt"_s << text << u"path"_s;
    QTest::addRow("write onto link") << QByteArray("PUT") << u"/file?path=out"_s << text << u"path"_s;
    QTest::addRow("write NUL") << QByteArray("PUT") << u"/file?path=a%00b"_s << text << u"path"_s;
    QTest::addRow("mkdir ../") << QByteArray("POST") << u"/directories"_s
                               << QJsonObject { { u"path"_s, u"../escaped"_s } } << u"path"_s;
    QTest::addRow("mkdir through link") << QByteArray("POST") << u"/directories"_s
                                        << QJsonObject { { u"path"_s, u"out/escaped"_s } } << u"path"_s;
    QTest::addRow("move to ../") << QByteArray("POST") << u"/file/move"_s
                                 << QJsonObject { { u"from"_s, u"main.py"_s },
                                        { u"to"_s, u"../escaped.py"_s } }
                                 << u"to"_s;
    QTest::addRow("move into link") << QByteArray("POST") << u"/file/move"_s
                                    << QJsonObject { { u"from"_s, u"main.py"_s },
                                           { u"to"_s, u"out/escaped.py"_s } }
                                    << u"to"_s;
    QTest::addRow("move from outside")
        << QByteArray("POST") << u"/file/move"_s
        << QJsonObject { { u"from"_s, u"out/keep.txt"_s }, { u"to"_s, u"stolen.txt"_s } } << u"from"_s;
    QTest::addRow("move absolute") << QByteArray("POST") << u"/file/move"_s
                                   << QJsonObject { { u"from"_s, u"/etc/hostname"_s }, { u"to"_s, u"h"_s } }
                                   << u"from"_s;
    QTest::addRow("delete ../") << QByteArray("DELETE") << u"/file?path=../.."_s << QJsonObject()
                                << u"path"_s;
    QTest::addRow("delete through link")
        << QByteArray("DELETE") << u"/file?path=out/keep.txt"_s << QJsonObject() << u"path"_s;
    QTest::addRow("delete encoded dots")
        << QByteArray("DELETE") << u"/file?path=%2e%2e"_s << QJsonObject() << u"path"_s;
}

void TestProjectFilesApi::hostilePathsAreRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, route);
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);

    // Links inside the project that point out of it: to /etc, and to a folder we can watch.
    QTemporaryDir outside;
    QVERIFY(outside.isValid());
    QFile keep(outside.filePath(u"keep.txt"_s));
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("keep me\n");
    keep.close();
    QVERIFY(QFile::link(u"/etc"_s, root() + u"/etc"_s));
    QVERIFY(QFile::link(outside.path(), root() + u"/out"_s));
    const QString escaped = QDir::tempPath() + u"/kumo-escaped.txt"_s;
    QFile::remove(escaped);
    const QStringList before = QDir(root()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
    const QDir above(QFileInfo(root()).path());
    const QStringList aboveBefore = above.entryList(QDir::AllEntries | QDir::NoDotAndDotDot);

    const HttpReply reply
        = m_server->send(method, api(route), m_server->admin(), body.isEmpty() ? QByteArray() : json(body));
    QVERIFY2(reply.status == 422, reply.body.constData());
    QCOMPARE(errorField(reply), field);

    // Nothing outside moved, appeared or went, and nothing inside either.
    QCOMPARE(QDir(outside.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList { u"keep.txt"_s });
    QVERIFY(keep.open(QIODevice::ReadOnly));
    QCOMPARE(keep.readAll(), QByteArray("keep me\n"));
    QVERIFY(!QFile::exists(escaped));
    QCOMPARE(above.entryList(QDir::AllEntries | QDir::NoDotAndDotDot), aboveBefore);
    QVERIFY(!QFile::exists(m_server->dir->filePath(u"escaped.txt"_s)));
    QCOMPARE(QDir(root()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System), before);
    QVERIFY(QFileInfo(u"/etc/passwd"_s).isFile());
}

void TestProjectFilesApi::viewerReadsButCannotWrite()
{
    const QString viewer = m_server->userToken(u"vera"_s, u"viewer"_s);
    const auto as = ServerFixture::bearer(viewer);
    QCOMPARE(m_server->get(api(u"/files"_s), as).status, 200);
    QCOMPARE(m_server->get(api(u"/file?path=main.py"_s), as).status, 200);
    QCOMPARE(m_server->get(api(u"/download"_s), as).status, 200);
    QCOMPARE(
        m_server->send("PUT", api(u"/file?path=main.py"_s), as, json({ { u"text"_s, u"x"_s } })).status, 403);
    QCOMPARE(m_server->post(api(u"/directories"_s), as, { { u"path"_s, u"d"_s } }).status, 403);
    QCOMPARE(m_server->post(api(u"/file/move"_s), as, { { u"from"_s, u"main.py"_s }, { u"to"_s, u"m.py"_s } })
                 .status,
        403);
    QCOMPARE(m_server->send("DELETE", api(u"/file?path=main.py"_s), as).status, 403);
    QFile main(root() + u"/main.py"_s);
    QVERIFY(main.open(QIODevice::ReadOnly));
    QCOMPARE(main.readAll(), QByteArray("print('hi')\n"));
    QVERIFY(!QFile::exists(root() + u"/d"_s));
    const HttpReply denied
        = m_server->get(u"/api/audit?action=project.file.write&outcome=denied"_s, m_server->admin());
    QCOMPARE(denied.json().value(u"items"_s).toArray().size(), 1);
}

void TestProjectFilesApi::downloadsTheProjectAsZip()
{
    QVERIFY(QFile::link(u"/etc"_s, root() + u"/etc"_s)); // stored as a link, never followed
    const HttpReply reply = m_server->get(api(u"/download"_s), m_server->admin());
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/zip"));
    QCOMPARE(reply.header("Content-Disposition"),
        QByteArray("attachment; filename=\"spider.zip\"; filename*=UTF-8''spider.zip"));
    QStringList names = zipNames(reply.body);
    names.sort();
    QCOMPARE(names,
        (QStringList { u"data.bin"_s, u"etc"_s, u"gbk.txt"_s, u"main.py"_s, u"pkg/"_s, u"pkg/util.py"_s,
            u"pkg/数据/"_s, u"pkg/数据/说明.txt"_s }));
}

void TestProjectFilesApi::missingOrUnreadyProjects()
{
    QCOMPARE(m_server->get(u"/api/projects/999/files"_s, m_server->admin()).status, 404);
    QCOMPARE(m_server->get(u"/api/projects/999/file?path=main.py"_s, m_server->admin()).status, 404);
    QCOMPARE(m_server->get(u"/api/projects/999/download"_s, m_server->admin()).status, 404);

    // A refused archive leaves a failed project: nothing to browse.
    const QString zip = m_server->dir->filePath(u"evil.zip"_s);
    QVERIFY(makeZip(zip, { { u"ok.py"_s, "x = 1\n" }, { u"../../escaped.txt"_s, "gotcha" } }));
    const HttpReply created = m_server->post(
        u"/api/projects"_s, m_server->admin(), { { u"name"_s, u"evil"_s }, { u"uploadId"_s, upload(zip) } });
    const qint64 id = created.json().value(u"id"_s).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->get(u"/api/projects/%1"_s.arg(id), m_server->admin()).json().value(u"state"_s).toString(),
        u"failed"_s, 15000);
    QCOMPARE(m_server->get(u"/api/projects/%1/files"_s.arg(id), m_server->admin()).status, 409);
    QCOMPARE(m_server->get(u"/api/projects/%1/download"_s.arg(id), m_server->admin()).status, 409);
    QCOMPARE(m_server
                 ->send("PUT", u"/api/projects/%1/file?path=ok.py"_s.arg(id), m_server->admin(),
                     json({ { u"text"_s, u"x"_s } }))
                 .status,
        409);
}

QTEST_GUILESS_MAIN(TestProjectFilesApi)
#include "tst_projectfilesapi.moc"
