// SPDX-License-Identifier: MIT
#pragma once

// A real PEP 503 package index on a loopback port, offline: wheels built by
// tests/helpers/make-package-index.py, served by Python's http.server.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace KumoTest {

/// One package of the index: {"name","version","modules":{"file.py":"…"},"requires":[…]}.
inline QJsonObject wheel(const QString &name, const QString &version, const QJsonObject &modules,
    const QStringList &dependencies = {})
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("version"), version },
        { QStringLiteral("modules"), modules },
        { QStringLiteral("requires"), QJsonArray::fromStringList(dependencies) } };
}

class PackageIndexFixture
{
public:
    ~PackageIndexFixture()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
    }

    /// Builds @p packages into @p root and serves it; false (with a warning) on failure.
    bool start(const QString &root, const QJsonArray &packages)
    {
        if (!build(root, packages))
            return false;
        m_server.setStandardErrorFile(QProcess::nullDevice());
        m_server.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"), QStringLiteral("0"),
                QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--directory"), root });
        static const QRegularExpression serving(QStringLiteral("port (\\d+)"));
        QByteArray output;
        const bool started = QTest::qWaitFor(
            [&] {
                output += m_server.readAllStandardOutput();
                m_port = serving.match(QString::fromUtf8(output)).captured(1).toInt();
                return m_port > 0 || m_server.state() == QProcess::NotRunning;
            },
            10000);
        if (!started || m_port == 0)
            qWarning("the package index did not start: %s", output.constData());
        return m_port > 0;
    }

    /// Builds @p packages into @p root without serving them (a find-links directory).
    static bool build(const QString &root, const QJsonArray &packages)
    {
        QProcess builder;
        builder.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(KUMO_TEST_HELPERS_DIR "/make-package-index.py"), root });
        builder.write(QJsonDocument(packages).toJson());
        builder.closeWriteChannel();
        if (!builder.waitForFinished(30000) || builder.exitCode() != 0) {
            qWarning("building the package index failed: %s", builder.readAllStandardError().constData());
            return false;
        }
        return true;
    }

    /// The index URL for pip's --index-url.
    [[nodiscard]] QString url() const { return QStringLiteral("http://127.0.0.1:%1/simple").arg(m_port); }

private:
    QProcess m_server;
    int m_port = 0;
};

} // namespace KumoTest
