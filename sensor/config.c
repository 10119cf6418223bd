/* Parses sensor.conf. Strict: an unknown key or a value out of range is an
 * error with its line number, never silently ignored. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "dcerpc.h"
#include "log_smb_files.h"

enum kind { K_U32, K_U64, K_BOOL, K_ACTIONS, K_LIST, K_CIDRS };

struct key {
	const char *name;
	enum kind kind;
	size_t off;
	uint64_t min, max;
};

#define U32(n, lo, hi) { #n, K_U32, offsetof(struct config, n), lo, hi }
static const struct key keys[] = {
	U32(max_connections, 16, 16u << 20),
	U32(conn_idle_timeout, 1, 30u * 86400),
	U32(conn_close_delay, 0, 3600),
	U32(capture_buffer_bytes, 1u << 20, 2047u << 20),
	U32(stats_interval, 1, 86400),
	U32(smb_max_buffered, 1024, 16u << 20),
	U32(smb_max_pending, 1, 1u << 20),
	U32(smb_max_compound, 1, 4096),
	U32(smb_max_trees, 1, 1u << 20),
	U32(smb_max_opens, 1, 1u << 20),
	U32(smb_max_sessions, 1, 1u << 16),
	U32(smb_max_pipes, 1, 1u << 16),
	U32(dcerpc_max_calls, 1, 1024),
	U32(dcerpc_max_call_bytes, 4096, 64u << 20),
	U32(exec_max_hosts, 1, 1u << 20),
	{ "dcerpc_tcp", K_BOOL, offsetof(struct config, dcerpc_tcp), 0, 1 },
	U32(rpc_max_endpoints, 1, 1u << 20),
	U32(summary_max_entries, 1, 1u << 20),
	{ "detect", K_BOOL, offsetof(struct config, detect), 0, 1 },
	{ "admin_shares", K_LIST, offsetof(struct config, admin_shares), 0, 0 },
	U32(exec_chain_window, 1, 7u * 86400),
	U32(detect_max_hosts, 1, 1u << 20),
	U32(fanout_window, 1, 7u * 86400),
	U32(fanout_hosts, 1, 1u << 20),
	U32(fanout_admin_weight, 1, 100),
	U32(fanout_max_keys, 1, 16u << 20),
	U32(fanout_max_edges, 2, 1u << 16),
	U32(fanout_key_timeout, 1, 30u * 86400),
	{ "allow_accounts", K_LIST, offsetof(struct config, allow_accounts), 0, 0 },
	{ "allow_sources", K_CIDRS, offsetof(struct config, allow_sources), 0, 0 },
	U32(logon_failure_window, 1, 7u * 86400),
	U32(logon_failures, 1, 1u << 20),
	U32(logon_max_keys, 1, 16u << 20),
	{ "sensitive_shares", K_LIST, offsetof(struct config, sensitive_shares), 0, 0 },
	{ "allow_smb_servers", K_CIDRS, offsetof(struct config, allow_smb_servers), 0, 0 },
	U32(finding_interval, 1, 30u * 86400),
	U32(finding_max_pairs, 1, 16u << 20),
	U32(weird_first, 0, 1u << 20),
	U32(weird_sample, 0, 1u << 30),
	U32(weird_window, 1, 30u * 86400),
	U32(weird_max_names, 1, 1024),
	{ "uid_seed", K_U64, offsetof(struct config, uid_seed), 0, UINT64_MAX },
	{ "json", K_BOOL, offsetof(struct config, json), 0, 1 },
	{ "smb_files_actions", K_ACTIONS, offsetof(struct config, smb_files_actions), 0, 0 },
};

void config_defaults(struct config *c)
{
	c->max_connections = 16384;
	c->conn_idle_timeout = 300;
	c->conn_close_delay = 5;
	c->capture_buffer_bytes = 64u << 20;
	c->stats_interval = 60;
	c->smb_max_buffered = 128 * 1024;
	c->smb_max_pending = 1000;
	c->smb_max_compound = 64;
	c->smb_max_trees = 1024;
	c->smb_max_opens = 4096;
	c->smb_max_sessions = 256;
	c->smb_max_pipes = 256;
	c->dcerpc_max_calls = DCERPC_DEFAULT_MAX_CALLS;
	c->dcerpc_max_call_bytes = DCERPC_DEFAULT_MAX_CALL_BYTES;
	c->exec_max_hosts = 4096;
	c->dcerpc_tcp = 1;
	c->rpc_max_endpoints = 1024;
	c->summary_max_entries = 1000;
	c->detect = 1;
	c->admin_shares = (struct config_list){ 4, { "ADMIN$", "C$", "D$", "E$" } };
	c->exec_chain_window = 600;
	c->detect_max_hosts = 4096;
	c->fanout_window = 300;
	c->fanout_hosts = 5;
	c->fanout_admin_weight = 2;
	c->fanout_max_keys = 200000;
	c->fanout_max_edges = 64;
	c->fanout_key_timeout = 3600;
	c->allow_accounts.n = 0;
	c->allow_sources.n = 0;
	c->logon_failure_window = 300;
	c->logon_failures = 10;
	c->logon_max_keys = 65536;
	c->sensitive_shares = c->admin_shares;
	c->allow_smb_servers.n = 0;
	c->finding_interval = 86400;
	c->finding_max_pairs = 65536;
	c->weird_first = 1;
	c->weird_sample = 0;
	c->weird_window = 600;
	c->weird_max_names = 64;
	c->uid_seed = 0x736d6273656e736full;
	c->json = 0;
	c->smb_files_actions = SMB_DEFAULT_ACTIONS;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int parse_bool(const char *v, uint64_t *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int parse_number(const char *v, uint64_t *out)
{
	char *end;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 0);
	return errno || *end ? -1 : 0;
}

/* Calls fn for each item of a value whose items are separated by commas or
 * blanks; stops at the first that fn refuses (-1). */
static int each_item(const char *v, int (*fn)(const char *item, size_t n, void *ctx), void *ctx)
{
	size_t n;

	while (*v) {
		n = strcspn(v, ", \t");
		if (n && fn(v, n, ctx) < 0)
			return -1;
		v += n + (v[n] != '\0');
	}
	return 0;
}

static int add_action(const char *item, size_t n, void *ctx)
{
	int a = smb_action_parse(item, n);

	if (a < 0)
		return -1;
	*(uint64_t *)ctx |= 1u << a;
	return 0;
}

/* A list of smb_files.log actions. */
static int parse_actions(const char *v, uint64_t *out)
{
	*out = 0;
	return each_item(v, add_action, out);
}

static int add_name(const char *item, size_t n, void *ctx)
{
	struct config_list *out = ctx;

	if (out->n == CONFIG_LIST_MAX || n >= CONFIG_ITEM_MAX)
		return -1;
	memcpy(out->item[out->n], item, n);
	out->item[out->n++][n] = '\0';
	return 0;
}

/* Names; too many or too long is an error. */
static int parse_list(const char *v, struct config_list *out)
{
	out->n = 0;
	return each_item(v, add_name, out);
}

/* "ADDR" or "ADDR/BITS", IPv4 or IPv6; the bits past the prefix must be 0. */
static int add_cidr(const char *s, size_t n, void *ctx)
{
	struct config_cidrs *out = ctx;
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long bits;
	int v6, i;

	if (out->n == CONFIG_CIDR_MAX || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	v6 = strchr(buf, ':') != NULL;
	memset(out->net[out->n].addr, 0, 16);
	if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, out->net[out->n].addr) != 1)
		return -1;
	bits = v6 ? 128 : 32;
	if (slash && (!isdigit((unsigned char)slash[1]) || (bits = strtoul(slash + 1, &end, 10), *end) ||
		      bits > (v6 ? 128u : 32u)))
		return -1;
	for (i = (int)bits; i < (v6 ? 128 : 32); i++)
		if (out->net[out->n].addr[i / 8] & (0x80 >> (i % 8)))
			return -1;
	out->net[out->n].prefix = (uint8_t)bits;
	out->net[out->n].v6 = (uint8_t)v6;
	out->n++;
	return 0;
}

static int parse_cidrs(const char *v, struct config_cidrs *out)
{
	out->n = 0;
	return each_item(v, add_cidr, out);
}

static int in_net(const uint8_t *a, const uint8_t *net, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	return !memcmp(a, net, full) && (!rest || ((a[full] ^ net[full]) & (0xff << (8 - rest)) & 0xff) == 0);
}

int config_cidrs_has(const struct config_cidrs *l, const char *addr)
{
	uint8_t a[16] = { 0 };
	int v6 = strchr(addr, ':') != NULL;
	unsigned i;

	if (!l->n || inet_pton(v6 ? AF_INET6 : AF_INET, addr, a) != 1)
		return 0;
	for (i = 0; i < l->n; i++)
		if (l->net[i].v6 == v6 && in_net(a, l->net[i].addr, l->net[i].prefix))
			return 1;
	return 0;
}

int config_list_has(const struct config_list *l, const char *name)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (!strcasecmp(l->item[i], name))
			return 1;
	return 0;
}

static int set_value(struct config *c, const struct key *k, const char *v)
{
	uint64_t n;
	char *base = (char *)c + k->off;

	if (k->kind == K_LIST)
		return parse_list(v, (struct config_list *)(void *)base);
	if (k->kind == K_CIDRS)
		return parse_cidrs(v, (struct config_cidrs *)(void *)base);
	if (k->kind == K_ACTIONS) {
		if (parse_actions(v, &n) < 0)
			return -1;
		*(uint32_t *)(void *)base = (uint32_t)n;
		return 0;
	}
	if ((k->kind == K_BOOL ? parse_bool(v, &n) : parse_number(v, &n)) < 0 || n < k->min || n > k->max)
		return -1;
	if (k->kind == K_U64)
		memcpy(base, &n, sizeof(uint64_t));
	else if (k->kind == K_U32)
		*(uint32_t *)(void *)base = (uint32_t)n;
	else
		*(int *)(void *)base = (int)n;
	return 0;
}

static int parse_line(struct config *c, char *line, char *err, size_t errlen)
{
	char *eq = strchr(line, '=');
	char *name, *val;
	size_t i;

	if (!eq) {
		snprintf(err, errlen, "expected 'key = value'");
		return -1;
	}
	*eq = '\0';
	name = trim(line);
	val = trim(eq + 1);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].name, name))
			continue;
		if (set_value(c, &keys[i], val) == 0)
			return 0;
		if (keys[i].kind == K_CIDRS)
			snprintf(err, errlen, "bad value '%.64s' for %s (at most %d addresses or networks, "
				 "e.g. 10.1.0.0/16 2001:db8::/32)", val, name, CONFIG_CIDR_MAX);
		else if (keys[i].kind == K_LIST)
			snprintf(err, errlen, "bad value '%.64s' for %s (at most %d names of at most %d bytes)",
				 val, name, CONFIG_LIST_MAX, CONFIG_ITEM_MAX - 1);
		else if (keys[i].kind == K_ACTIONS)
			snprintf(err, errlen, "bad value '%.64s' for %s (a list of SMB::FILE_OPEN, "
				 "SMB::FILE_WRITE, ... actions)", val, name);
		else
			snprintf(err, errlen, "bad value '%.64s' for %s (allowed %llu..%llu%s)", val, name,
				 (unsigned long long)keys[i].min, (unsigned long long)keys[i].max,
				 keys[i].kind == K_BOOL ? ", yes/no" : "");
		return -1;
	}
	snprintf(err, errlen, "unknown key '%.64s'", name);
	return -1;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024], why[256];
	unsigned lineno = 0;
	int rc = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');
		char *t;

		lineno++;
		if (hash)
			*hash = '\0';
		t = trim(line);
		if (*t && parse_line(c, t, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}
