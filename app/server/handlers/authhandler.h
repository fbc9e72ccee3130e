// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

class QObject;

namespace Kumo {

class Engine;

/// /api/auth: sign in and out, who am I, own password, API tokens.
class AuthHandler
{
public:
    /// Deferred sign-in answers are delivered on @p context's thread while it lives.
    AuthHandler(Engine &engine, QObject *context)
        : m_engine(engine)
        , m_context(context)
    { }

    HttpResponse login(RequestContext &context);
    HttpResponse logout(RequestContext &context);
    HttpResponse me(RequestContext &context);
    HttpResponse changePassword(RequestContext &context);
    HttpResponse listTokens(RequestContext &context);
    HttpResponse createToken(RequestContext &context);
    HttpResponse revokeToken(RequestContext &context);

private:
    Engine &m_engine;
    QObject *m_context;
};

/// /api/users (admin only).
class UserHandler
{
public:
    explicit UserHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse update(RequestContext &context);
    HttpResponse remove(RequestContext &context);

private:
    Engine &m_engine;
};

} // namespace Kumo
