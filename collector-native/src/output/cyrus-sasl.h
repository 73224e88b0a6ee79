#pragma once

namespace pga::output {

// librdkafka initialises Cyrus SASL when the first client is created, and Cyrus then loads every plugin of
// its plugin directory (GSSAPI, NTLM, DIGEST-MD5, sasldb with Berkeley DB, ...): ~0.4 MB of resident
// libraries. The agent never uses them: the SASL mechanisms it accepts (SCRAM-SHA-256/512, PLAIN) are
// librdkafka's own. So, unless SASL_PATH is already set, Cyrus is pointed at a plugin directory that does not
// exist. Called once, first thing in main(), before any Kafka client exists.
void skip_cyrus_sasl_plugins();

}  // namespace pga::output
