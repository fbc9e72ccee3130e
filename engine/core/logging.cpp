// SPDX-License-Identifier: MIT
#include "core/logging.h"

Q_LOGGING_CATEGORY(lcStorage, "kumo.engine.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcScheduler, "kumo.engine.scheduler", QtInfoMsg)
Q_LOGGING_CATEGORY(lcExecution, "kumo.engine.execution", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "kumo.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "kumo.engine.security", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudit, "kumo.engine.audit", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEnvironments, "kumo.engine.environments", QtInfoMsg)
