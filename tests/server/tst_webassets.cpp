// SPDX-License-Identifier: MIT
// The dashboard's files as kumo serve sends them: types, caching, gzip, deep links, and no way
// out of the web directory.
#include "server/webassets.h"
#include "serverfixture.h"

#include <QFile>
#include <QTest>

using namespace KumoTest;
using namespace Qt::StringLiterals;

class TestWebAssets : public QObject
{
    Q_OBJECT

private:
    ServerFixture m_fixture;
    QTemporaryDir m_web;
    QTemporaryDir m_outside;
    const QByteArray m_index = "<!doctype html><title>Kumo</title><div id=app></div>";
    const QByteArray m_script = QByteArray("console.log('kumo');\n").repeated(200);

    void write(const QString &relative, const QByteArray &bytes)
    {
        const QString path = m_web.filePath(relative);
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_web.isValid() && m_outside.isValid());
        write(u"index.html"_s, m_index);
        write(u"favicon.svg"_s, "<svg xmlns='http://www.w3.org/2000/svg'/>");
        write(u"assets/index-Ab12Cd.js"_s, m_script);
        write(u"assets/index-Ab12Cd.js.gz"_s, "not really gzip, but what the server must pass on as is");
        write(u"assets/style-Ef34.css"_s, "body{}");
        QFile secret(m_outside.filePath(u"secret.txt"_s));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("outside the web directory");
        secret.close();
        QVERIFY(QFile::link(secret.fileName(), m_web.filePath(u"assets/leak.txt"_s)));
        QVERIFY(m_fixture.start());
        m_fixture.server->serveDashboard(m_web.path());
    }

    void locateNeedsAnIndex()
    {
        QCOMPARE(Kumo::WebAssets::locate(m_web.path()), QDir(m_web.path()).absolutePath());
        QVERIFY(Kumo::WebAssets::locate(m_outside.path()).isEmpty());
    }

    void paths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body"); // empty: not compared
        QTest::addColumn<QByteArray>("cache");

        const QByteArray html = "text/html; charset=utf-8";
        const QByteArray js = "text/javascript; charset=utf-8";
        QTest::newRow("root") << u"/"_s << 200 << html << m_index << QByteArray("no-cache");
        QTest::newRow("deep link") << u"/tasks/7/edit"_s << 200 << html << m_index << QByteArray("no-cache");
        QTest::newRow("deep link with query")
            << u"/runs?state=failed"_s << 200 << html << m_index << QByteArray("no-cache");
        QTest::newRow("hashed asset") << u"/assets/index-Ab12Cd.js"_s << 200 << js << m_script
                                      << QByteArray("public, max-age=31536000, immutable");
        QTest::newRow("css") << u"/assets/style-Ef34.css"_s << 200 << QByteArray("text/css; charset=utf-8")
                             << QByteArray("body{}") << QByteArray("public, max-age=31536000, immutable");
        QTest::newRow("public file") << u"/favicon.svg"_s << 200 << QByteArray("image/svg+xml")
                                     << QByteArray() << QByteArray("no-cache");
        QTest::newRow("missing asset")
            << u"/assets/gone-123.js"_s << 404 << QByteArray("application/problem+json") << QByteArray()
            << QByteArray();
        QTest::newRow("missing file with extension")
            << u"/robots.txt"_s << 404 << QByteArray("application/problem+json") << QByteArray()
            << QByteArray();
        QTest::newRow("link out of the directory")
            << u"/assets/leak.txt"_s << 404 << QByteArray("application/problem+json") << QByteArray()
            << QByteArray();
        QTest::newRow("backslash") << u"/assets%5C..%5Cindex.html"_s << 404
                                   << QByteArray("application/problem+json") << QByteArray() << QByteArray();
        QTest::newRow("unknown API route stays JSON")
            << u"/api/nothing-here"_s << 404 << QByteArray("application/problem+json") << QByteArray()
            << QByteArray();
    }

    void paths()
    {
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, cache);
        // No Authorization: the dashboard's files are public, its data is not.
        const HttpReply reply = m_fixture.get(path, { { "Accept-Encoding", "identity" } });
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), type);
        if (!body.isEmpty())
            QCOMPARE(reply.body, body);
        if (!cache.isEmpty())
            QCOMPARE(reply.header("Cache-Control"), cache);
        if (status == 200) {
            QVERIFY(reply.header("Content-Security-Policy").contains("default-src 'self'"));
            QCOMPARE(reply.header("X-Content-Type-Options"), QByteArray("nosniff"));
        } else {
            QVERIFY(!reply.body.contains("outside the web directory"));
        }
    }

    // Decoded paths as the server sees them (a client normalises "..", so this asks directly).
    void refusesEscapes_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("parent") << u"/../outside/secret.txt"_s;
        QTest::newRow("parent inside") << u"/assets/../../secret.txt"_s;
        QTest::newRow("dot") << u"/./index.html"_s;
        QTest::newRow("backslash") << u"/assets\\..\\index.html"_s;
        QTest::newRow("control character") << u"/assets/a\u0001.js"_s;
        QTest::newRow("double slash") << u"//etc/passwd"_s;
    }

    void refusesEscapes()
    {
        QFETCH(QString, path);
        Kumo::HttpRequest request;
        request.method = Kumo::HttpMethod::Get;
        request.path = path;
        const std::optional<Kumo::HttpResponse> response = Kumo::WebAssets(m_web.path()).serve(request);
        QVERIFY(response);
        QCOMPARE(response->status, 404);
    }

    void gzipWhenAccepted_data()
    {
        QTest::addColumn<QByteArray>("acceptEncoding");
        QTest::addColumn<bool>("gzip");
        QTest::newRow("gzip") << QByteArray("gzip, deflate, br") << true;
        QTest::newRow("gzip with weight") << QByteArray("br;q=1.0, gzip;q=0.5") << true;
        QTest::newRow("gzip refused") << QByteArray("gzip;q=0, br") << false;
        QTest::newRow("identity") << QByteArray("identity") << false;
    }

    void gzipWhenAccepted()
    {
        QFETCH(QByteArray, acceptEncoding);
        QFETCH(bool, gzip);
        const HttpReply reply
            = m_fixture.get(u"/assets/index-Ab12Cd.js"_s, { { "Accept-Encoding", acceptEncoding } });
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("Content-Encoding"), gzip ? QByteArray("gzip") : QByteArray());
        QCOMPARE(reply.header("Vary"), QByteArray("Accept-Encoding"));
        QCOMPARE(reply.body.startsWith("not really gzip"), gzip);
    }

    void revalidatesWithEtag()
    {
        const HttpReply first = m_fixture.get(u"/"_s, {});
        const QByteArray etag = first.header("ETag");
        QVERIFY(!etag.isEmpty());
        const HttpReply again = m_fixture.get(u"/"_s, { { "If-None-Match", etag } });
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.isEmpty());
        const HttpReply other = m_fixture.get(u"/"_s, { { "If-None-Match", "\"something-else\"" } });
        QCOMPARE(other.status, 200);
    }

    void onlyGetAndHead()
    {
        QCOMPARE(m_fixture.send("HEAD", u"/tasks"_s).status, 200);
        const HttpReply post = m_fixture.send("POST", u"/tasks"_s, {}, "{}");
        QCOMPARE(post.status, 404);
        QCOMPARE(post.header("Content-Type"), QByteArray("application/problem+json"));
    }

    void notBuiltSaysSo()
    {
        ServerFixture bare;
        QVERIFY(bare.start());
        bare.server->serveDashboard(QString());
        const HttpReply reply = bare.get(u"/"_s, {});
        QCOMPARE(reply.status, 404);
        QVERIFY(reply.json().value(u"detail"_s).toString().contains(u"dashboard is not built"_s));
        QCOMPARE(bare.get(u"/api/health"_s, {}).status, 200);
    }
};

QTEST_MAIN(TestWebAssets)
#include "tst_webassets.moc"
