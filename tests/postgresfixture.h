// SPDX-License-Identifier: MIT
#pragma once

// A throw-away PostgreSQL 15 server for tests: initdb in a temporary directory, started on a
// free loopback port as the postgres user (PostgreSQL refuses to run as root), stopped at
// the end. The test process must run as root (CI does) to switch to that user.

#include <QDir>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace KumoTest {

class PostgresServer
{
public:
    static constexpr char kBin[] = "/usr/lib/postgresql/15/bin";

    ~PostgresServer()
    {
        if (m_started)
            run({ QStringLiteral("%1/pg_ctl").arg(QLatin1StringView(kBin)), QStringLiteral("-D"), dataDir(),
                QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop") });
    }

    /// Starts the server with one database, "kumo"; false (and why) when it cannot.
    bool start(QString *error)
    {
        if (::geteuid() != 0) {
            *error = QStringLiteral("PostgreSQL tests switch to the postgres user: run them as root");
            return false;
        }
        if (!m_dir.isValid() || !QFile::exists(QStringLiteral("%1/initdb").arg(QLatin1StringView(kBin)))) {
            *error = QStringLiteral("PostgreSQL 15 is not installed (apt-get install postgresql)");
            return false;
        }
        QFile::setPermissions(
            m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther | QFileDevice::ReadOther);
        QDir(m_dir.path()).mkpath(QStringLiteral("data"));
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        const QString bin = QLatin1StringView(kBin);
        if (!run({ QStringLiteral("chown"), QStringLiteral("postgres"), dataDir() }, false)
            || !run({ bin + QStringLiteral("/initdb"), QStringLiteral("-D"), dataDir(), QStringLiteral("-U"),
                QStringLiteral("postgres"), QStringLiteral("-A"), QStringLiteral("trust"),
                QStringLiteral("--no-sync") })
            || !run({ bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), dataDir(), QStringLiteral("-w"),
                QStringLiteral("-l"), dataDir() + QStringLiteral("/server.log"), QStringLiteral("-o"),
                QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off")
                    .arg(m_port)
                    .arg(dataDir()),
                QStringLiteral("start") })) {
            *error = QStringLiteral("cannot start PostgreSQL: ") + m_lastOutput;
            return false;
        }
        m_started = true;
        if (!run({ QStringLiteral("createdb"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                QStringLiteral("-p"), QString::number(m_port), QStringLiteral("kumo") })) {
            *error = QStringLiteral("cannot create the database: ") + m_lastOutput;
            return false;
        }
        return true;
    }

    [[nodiscard]] QString url() const
    {
        return QStringLiteral("postgresql://postgres@127.0.0.1:%1/kumo").arg(m_port);
    }

private:
    [[nodiscard]] QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    /// Runs @p command (as postgres when @p asPostgres) and waits for it.
    bool run(const QStringList &command, bool asPostgres = true)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        QStringList args = command;
        QString program = args.takeFirst();
        if (asPostgres) {
            args = QStringList {
                QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program
            } + args;
            program = QStringLiteral("runuser");
        }
        process.start(program, args);
        const bool ok = process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit
            && process.exitCode() == 0;
        m_lastOutput = QString::fromLocal8Bit(process.readAll());
        return ok;
    }

    QTemporaryDir m_dir;
    quint16 m_port = 0;
    bool m_started = false;
    QString m_lastOutput;
};

} // namespace KumoTest
