// SPDX-License-Identifier: MIT
#pragma once

// A migrated database in a temporary directory with two users, alice and bob, and a clock
// that starts at kStart: the common ground of the session and token store tests.

#include "core/clock.h"
#include "security/userstore.h"
#include "storage/database.h"

#include <QTemporaryDir>

#include <memory>

namespace KumoTest {

class TwoUsersDatabase
{
protected:
    static constexpr qint64 kStart = 1'790'000'000'000;

    /// Opens a fresh database and creates the users; false (with a warning) on failure.
    bool openTwoUsersDatabase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_db = std::make_unique<Kumo::Database>();
        if (!m_db->open(m_dir->filePath(QStringLiteral("kumo.db"))) || !m_db->migrate()) {
            qWarning("database: %s", qPrintable(m_db->errorString()));
            return false;
        }
        m_clock = std::make_unique<Kumo::ManualClock>(kStart);
        Kumo::UserStore users(*m_db, *m_clock, Kumo::PasswordHasher(Kumo::PasswordHasher::Cost::Minimal));
        const auto create = [&users](const QString &name) {
            const Kumo::UserResult result = users.create({ { QStringLiteral("username"), name },
                { QStringLiteral("password"), QStringLiteral("correct horse") } });
            return result.ok() ? result.user->id : 0;
        };
        m_alice = create(QStringLiteral("alice"));
        m_bob = create(QStringLiteral("bob"));
        return m_alice > 0 && m_bob > 0;
    }

    void closeTwoUsersDatabase()
    {
        m_db.reset();
        m_dir.reset();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Kumo::Database> m_db;
    std::unique_ptr<Kumo::ManualClock> m_clock;
    qint64 m_alice = 0;
    qint64 m_bob = 0;
};

} // namespace KumoTest
