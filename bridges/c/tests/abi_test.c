/* The C ABI from plain C: every function, NULL for every pointer, invalid
 * UTF-8, a 16 MiB payload, closed handles, timeouts, fork, and an agent
 * mailbox answered from a C thread. Built with gcc -fsanitize=address by
 * tests/c-abi, which also starts an hmsd and passes HMS_URL and HMS_TOKEN. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hms.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        checks++;                                                         \
        if (!(cond)) {                                                    \
            failures++;                                                   \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                 \
            fprintf(stderr, "\n");                                        \
        }                                                                 \
    } while (0)

/* Expects `status` and, when `needle` is set, an error message holding it. */
static void expect(const char *what, hms_status_t got, hms_status_t want, char *err, const char *needle) {
    checks++;
    int ok = got == want;
    if (want != HMS_STATUS_OK && ok && needle) ok = err && strstr(err, needle);
    if (want == HMS_STATUS_OK && err) ok = 0;
    if (!ok) {
        failures++;
        fprintf(stderr, "FAIL %s: status %d (want %d), err %s (want it to hold %s)\n", what, got, want,
                err ? err : "(null)", needle ? needle : "-");
    }
    hms_string_free(err);
}

static const char *PLAN =
    "{\"treatment_plan\":[{\"medication\":\"Azathioprine\",\"dosage\":2.5,\"unit\":\"mg/kg\",\"frequency\":\"daily\"}]}";
static const char *PATIENT =
    "{\"patient_id\":\"C-1\",\"demographics\":{\"age\":34,\"weight\":70},"
    "\"biomarkers\":{\"genetic_markers\":[{\"gene\":\"TPMT\",\"phenotype\":\"poor\"},"
    "{\"gene\":\"NUDT15\",\"phenotype\":\"normal\"}]}}";

/* ---- the agent thread: answers what reaches mailbox "c-agent" ---- */

struct agent {
    hms_mailbox_t *mb;
    int served;
};

static void *serve(void *arg) {
    struct agent *a = arg;
    for (;;) {
        uint64_t id = 0;
        char *msg = NULL, *err = NULL;
        hms_status_t s = hms_mailbox_recv(a->mb, 100, &id, &msg, &err);
        hms_string_free(err);
        if (s == HMS_STATUS_TIMEOUT) continue;
        if (s != HMS_STATUS_OK) break; /* closed */
        a->served++;
        if (strstr(msg, "\"op\":\"fail\"")) {
            hms_mailbox_fail(a->mb, id, HMS_STATUS_NOT_FOUND, "no such patient", NULL);
        } else if (strstr(msg, "\"op\":\"crash\"")) {
            hms_mailbox_fail(a->mb, id, HMS_STATUS_ACTOR_DOWN, "agent handler crashed", NULL);
        } else if (strstr(msg, "\"op\":\"silent\"")) {
            /* answered late: the caller's deadline passes first */
            usleep(300 * 1000);
            hms_mailbox_reply(a->mb, id, "null", NULL);
        } else {
            /* echo: {"echo": <the message>} */
            size_t n = strlen(msg);
            char *reply = malloc(n + 16);
            sprintf(reply, "{\"echo\":%s}", msg);
            err = NULL;
            s = hms_mailbox_reply(a->mb, id, reply, &err);
            if (s != HMS_STATUS_OK) fprintf(stderr, "reply failed: %s\n", err ? err : "?");
            hms_string_free(err);
            free(reply);
        }
        hms_string_free(msg);
    }
    return NULL;
}

/* ---- checks that hold on an embedded runtime and on a daemon connection ---- */

static void calls(hms_runtime_t *rt, const char *mode) {
    char *out = NULL, *err = NULL;
    char what[128];

    snprintf(what, sizeof what, "%s: ping", mode);
    hms_status_t s = hms_call(rt, "coordinator", "{\"type\":\"ping\"}", 5000, &out, &err);
    expect(what, s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "\"pong\":true"), "%s", out ? out : "(null)");
    hms_string_free(out);

    snprintf(what, sizeof what, "%s: health", mode);
    out = NULL, err = NULL;
    s = hms_health(rt, 5000, &out, &err);
    expect(what, s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "\"prover\""), "%s", out ? out : "(null)");
    hms_string_free(out);

    /* Thiopurine with low TPMT: violated, with the evidence and its source. */
    snprintf(what, sizeof what, "%s: verify", mode);
    out = NULL, err = NULL;
    s = hms_verify_treatment_plan(rt, PLAN, PATIENT, 10000, &out, &err);
    expect(what, s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "\"violated\"") && strstr(out, "TPMT"), "%.300s", out ? out : "(null)");
    CHECK(out && strstr(out, "not a medical device"), "disclaimer missing: %.200s", out ? out : "(null)");
    hms_string_free(out);

    /* Seeded simulation: the same seed gives the same JSON. */
    char *a = NULL, *b = NULL;
    const char *ada = "{\"treatment_plan\":[{\"medication\":\"Adalimumab\",\"dosage\":40,\"unit\":\"mg\",\"frequency\":\"every 2 weeks\"}]}";
    const char *pat = "{\"patient_id\":\"C-2\",\"demographics\":{\"age\":30,\"weight\":70}}";
    err = NULL;
    s = hms_simulate_treatment_outcome(rt, pat, ada, 2000, 7, 10000, &a, &err);
    expect("simulate a", s, HMS_STATUS_OK, err, NULL);
    err = NULL;
    s = hms_simulate_treatment_outcome(rt, pat, ada, 2000, 7, 10000, &b, &err);
    expect("simulate b", s, HMS_STATUS_OK, err, NULL);
    CHECK(a && b && strcmp(a, b) == 0 && strstr(a, "remission"), "%.200s", a ? a : "(null)");
    hms_string_free(a);
    hms_string_free(b);

    /* Errors: unknown actor, malformed JSON, schema error with its path. */
    err = NULL;
    s = hms_call(rt, "no_such_actor", "{\"type\":\"ping\"}", 1000, &out, &err);
    expect("unknown actor", s, HMS_STATUS_NOT_FOUND, err, "no_such_actor");
    err = NULL;
    s = hms_call(rt, "prover", "{not json", 1000, &out, &err);
    expect("malformed JSON", s, HMS_STATUS_VALIDATION, err, "message_json");
    err = NULL;
    s = hms_call(rt, "prover", "{\"type\":\"verify_treatment_plan\",\"plan\":{\"treatment_plan\":[{\"medication\":\"Adalimumab\",\"dosage\":[]}]},\"patient\":{}}", 1000, &out, &err);
    expect("schema error", s, HMS_STATUS_VALIDATION, err, "plan.treatment_plan[0].dosage");
    err = NULL;
    s = hms_coordinate(rt, "list_children", "{\"supervisor\":\"root\"}", 5000, &out, &err);
    expect("coordinate list_children", s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "prover"), "%.200s", out ? out : "(null)");
    hms_string_free(out);
    err = NULL;
    s = hms_cast(rt, "self_healer", "{\"type\":\"monitor_system_health\"}", &err);
    expect("cast", s, HMS_STATUS_OK, err, NULL);
    err = NULL;
    s = hms_cast(rt, "prover", "{\"type\":\"no_such_message\"}", &err);
    expect("cast of a message the actor does not take", s, HMS_STATUS_VALIDATION, err, "no_such_message");

    /* A mailbox a Rust actor (the coordinator, routing) writes to and C answers. */
    hms_mailbox_t *mb = NULL;
    err = NULL;
    s = hms_mailbox_open(rt, "c-agent", 5000, &mb, &err);
    expect("mailbox open", s, HMS_STATUS_OK, err, NULL);
    err = NULL;
    s = hms_mailbox_open(rt, "c-agent", 5000, &(hms_mailbox_t *){NULL}, &err);
    expect("mailbox name taken", s, HMS_STATUS_VALIDATION, err, "c-agent");
    uint64_t id;
    char *msg = NULL;
    err = NULL;
    s = hms_mailbox_recv(mb, 20, &id, &msg, &err);
    expect("recv times out when empty", s, HMS_STATUS_TIMEOUT, err, "20 ms");
    err = NULL;
    s = hms_mailbox_reply(mb, 999999, "1", &err);
    expect("reply to no message", s, HMS_STATUS_NOT_FOUND, err, "999999");

    struct agent ag = {mb, 0};
    pthread_t t;
    pthread_create(&t, NULL, serve, &ag);

    out = NULL, err = NULL;
    s = hms_coordinate(rt, "route", "{\"to\":\"c-agent\",\"message\":{\"op\":\"hello\",\"n\":1}}", 5000, &out, &err);
    expect("route to the C agent", s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "\"echo\":{") && strstr(out, "\"op\":\"hello\""), "%.200s", out ? out : "(null)");
    hms_string_free(out);

    err = NULL;
    s = hms_call(rt, "c-agent", "{\"op\":\"fail\"}", 5000, &out, &err);
    expect("agent fails with a kind", s, HMS_STATUS_NOT_FOUND, err, "no such patient");
    err = NULL;
    s = hms_call(rt, "c-agent", "{\"op\":\"crash\"}", 5000, &out, &err);
    expect("agent crash", s, HMS_STATUS_ACTOR_DOWN, err, "crashed");
    err = NULL;
    s = hms_call(rt, "c-agent", "{\"op\":\"silent\"}", 100, &out, &err);
    expect("deadline passes", s, HMS_STATUS_TIMEOUT, err, NULL);

    /* 16 MiB through the mailbox and back (restarted bridge after the crash). */
    size_t big = 16u << 20;
    char *payload = malloc(big + 64);
    strcpy(payload, "{\"op\":\"big\",\"data\":\"");
    size_t at = strlen(payload);
    memset(payload + at, 'x', big);
    strcpy(payload + at + big, "\"}");
    out = NULL, err = NULL;
    s = hms_call(rt, "c-agent", payload, 60000, &out, &err);
    expect("16 MiB payload", s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strlen(out) > big, "reply of %zu bytes", out ? strlen(out) : 0);
    hms_string_free(out);
    free(payload);

    err = NULL;
    s = hms_mailbox_close(mb, 5000, &err);
    expect("mailbox close", s, HMS_STATUS_OK, err, NULL);
    pthread_join(t, NULL);
    CHECK(ag.served >= 5, "the agent served %d messages", ag.served);
    err = NULL;
    s = hms_mailbox_recv(mb, 10, &id, &msg, &err);
    expect("recv on a closed mailbox", s, HMS_STATUS_SHUTDOWN, err, "closed");
    err = NULL;
    s = hms_mailbox_close(mb, 5000, &err);
    expect("close twice", s, HMS_STATUS_OK, err, NULL);
    hms_mailbox_free(mb);
    err = NULL;
    s = hms_call(rt, "c-agent", "{}", 1000, &out, &err);
    expect("a closed mailbox's name answers that it is stopped", s, HMS_STATUS_ACTOR_DOWN, err, "c-agent");
}

/* ---- NULL for every pointer, invalid UTF-8 ---- */

static void nulls(hms_runtime_t *rt) {
    char *out = NULL, *err = NULL;
    hms_runtime_t *r = NULL;
    hms_mailbox_t *mb = NULL;
    uint64_t id;
#define NUL(call, param)                                            \
    do {                                                            \
        err = NULL;                                                 \
        hms_status_t st_ = call;                                    \
        expect(#call, st_, HMS_STATUS_VALIDATION, err, param);      \
    } while (0)
    NUL(hms_runtime_start(NULL, 1000, &r, &err), "config_toml");
    NUL(hms_runtime_start("", 1000, NULL, &err), "rt_out");
    NUL(hms_runtime_connect(NULL, "", 1000, &r, &err), "url");
    NUL(hms_runtime_connect("http://127.0.0.1:1", NULL, 1000, &r, &err), "token");
    NUL(hms_runtime_connect("http://127.0.0.1:1", "", 1000, NULL, &err), "rt_out");
    NUL(hms_runtime_connect_node("http://127.0.0.1:1", "", NULL, 1000, &r, &err), "node");
    NUL(hms_runtime_stop(NULL, 1000, &err), "rt");
    NUL(hms_call(NULL, "prover", "{}", 1000, &out, &err), "rt");
    NUL(hms_call(rt, NULL, "{}", 1000, &out, &err), "actor");
    NUL(hms_call(rt, "prover", NULL, 1000, &out, &err), "message_json");
    NUL(hms_call(rt, "prover", "{}", 1000, NULL, &err), "reply_out");
    NUL(hms_cast(NULL, "prover", "{}", &err), "rt");
    NUL(hms_cast(rt, NULL, "{}", &err), "actor");
    NUL(hms_cast(rt, "prover", NULL, &err), "message_json");
    NUL(hms_health(NULL, 1000, &out, &err), "rt");
    NUL(hms_health(rt, 1000, NULL, &err), "health_out");
    NUL(hms_coordinate(NULL, "ping", "{}", 1000, &out, &err), "rt");
    NUL(hms_coordinate(rt, NULL, "{}", 1000, &out, &err), "command");
    NUL(hms_coordinate(rt, "restart", NULL, 1000, &out, &err), "payload_json");
    NUL(hms_coordinate(rt, "restart", "{}", 1000, NULL, &err), "reply_out");
    NUL(hms_verify_treatment_plan(NULL, PLAN, PATIENT, 1000, &out, &err), "rt");
    NUL(hms_verify_treatment_plan(rt, NULL, PATIENT, 1000, &out, &err), "plan_json");
    NUL(hms_verify_treatment_plan(rt, PLAN, NULL, 1000, &out, &err), "patient_json");
    NUL(hms_verify_treatment_plan(rt, PLAN, PATIENT, 1000, NULL, &err), "report_out");
    NUL(hms_simulate_treatment_outcome(NULL, PATIENT, PLAN, 10, 1, 1000, &out, &err), "rt");
    NUL(hms_simulate_treatment_outcome(rt, NULL, PLAN, 10, 1, 1000, &out, &err), "patient_json");
    NUL(hms_simulate_treatment_outcome(rt, PATIENT, NULL, 10, 1, 1000, &out, &err), "plan_json");
    NUL(hms_simulate_treatment_outcome(rt, PATIENT, PLAN, 10, 1, 1000, NULL, &err), "outcome_out");
    NUL(hms_mailbox_open(NULL, "x", 1000, &mb, &err), "rt");
    NUL(hms_mailbox_open(rt, NULL, 1000, &mb, &err), "name");
    NUL(hms_mailbox_open(rt, "x", 1000, NULL, &err), "mailbox_out");
    NUL(hms_mailbox_recv(NULL, 10, &id, &out, &err), "mailbox");
    NUL(hms_mailbox_reply(NULL, 1, "1", &err), "mailbox");
    NUL(hms_mailbox_fail(NULL, 1, HMS_STATUS_INTERNAL, "m", &err), "mailbox");
    NUL(hms_mailbox_close(NULL, 1000, &err), "mailbox");

    /* The same with a live mailbox for the remaining parameters. */
    err = NULL;
    hms_status_t s = hms_mailbox_open(rt, "null-agent", 5000, &mb, &err);
    expect("open for nulls", s, HMS_STATUS_OK, err, NULL);
    NUL(hms_mailbox_recv(mb, 10, NULL, &out, &err), "id_out");
    NUL(hms_mailbox_recv(mb, 10, &id, NULL, &err), "message_out");
    NUL(hms_mailbox_reply(mb, 1, NULL, &err), "reply_json");
    NUL(hms_mailbox_fail(mb, 1, HMS_STATUS_INTERNAL, NULL, &err), "message");
    NUL(hms_mailbox_fail(mb, 1, 42, "m", &err), "10 unavailable");
    hms_mailbox_free(mb);

    /* err_out may be NULL: the status still tells. */
    CHECK(hms_call(rt, NULL, "{}", 1000, &out, NULL) == HMS_STATUS_VALIDATION, "NULL err_out");
    /* Frees of NULL are no-ops. */
    hms_runtime_free(NULL);
    hms_mailbox_free(NULL);
    hms_string_free(NULL);

    /* Invalid UTF-8 in every kind of string parameter. */
    NUL(hms_call(rt, "prov\xff", "{}", 1000, &out, &err), "actor");
    NUL(hms_call(rt, "prover", "{\"type\":\"\xc3\x28\"}", 1000, &out, &err), "UTF-8");
    NUL(hms_verify_treatment_plan(rt, "{\"a\":\"\xe2\x82\"}", PATIENT, 1000, &out, &err), "plan_json");
    NUL(hms_runtime_start("[prover]\n\xff", 1000, &r, &err), "config_toml");
    /* Bad configuration names the key. */
    NUL(hms_runtime_start("[prover]\ncheckers = \"four\"\n", 5000, &r, &err), "prover.checkers");
#undef NUL
}

/* FHIR in and out: no runtime needed. */
static void fhir(void) {
    const char *bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
        "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"c-1\",\"gender\":\"female\",\"birthDate\":\"1990-01-01\"}},"
        "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"alc\",\"status\":\"final\","
        "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"731-0\"}]},"
        "\"effectiveDateTime\":\"2026-11-01\",\"valueQuantity\":{\"value\":450,\"code\":\"/uL\"}}},"
        "{\"resource\":{\"resourceType\":\"Encounter\",\"id\":\"e\"}}]}";
    char *out = NULL, *err = NULL;
    hms_status_t s = hms_fhir_import(bundle, "2026-11-26", &out, &err);
    expect("fhir import", s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "\"patient_id\":\"c-1\"") && strstr(out, "\"lymphocytes\"") && strstr(out, "Encounter/e"),
          "%.300s", out ? out : "(null)");
    hms_string_free(out);
    out = NULL, err = NULL;
    s = hms_fhir_export(PLAN, NULL, "c-1", NULL, &out, &err);
    expect("fhir export", s, HMS_STATUS_OK, err, NULL);
    CHECK(out && strstr(out, "\"RequestGroup\"") && strstr(out, "\"MedicationRequest\"") && strstr(out, "Patient/c-1"),
          "%.300s", out ? out : "(null)");
    hms_string_free(out);
    out = NULL, err = NULL;
    s = hms_fhir_import("{\"patient_id\":\"x\"}", NULL, &out, &err);
    expect("not FHIR", s, HMS_STATUS_VALIDATION, err, "resourceType");
    err = NULL;
    s = hms_fhir_import(bundle, "yesterday", &out, &err);
    expect("bad today", s, HMS_STATUS_VALIDATION, err, "today");
    err = NULL;
    s = hms_fhir_export("{\"treatment_plan\":[{\"medication\":\"x\"}]}", NULL, NULL, NULL, &out, &err);
    expect("bad plan", s, HMS_STATUS_VALIDATION, err, "plan_json");
    err = NULL;
    s = hms_fhir_export(PLAN, NULL, NULL, "[1]", &out, &err);
    expect("bad sources", s, HMS_STATUS_VALIDATION, err, "sources_json");
    /* NULL where a pointer is required. */
    const char *params[] = {"bundle_json", "record_out", "plan_json", "bundle_out"};
    hms_status_t got[4];
    char *errs[4] = {NULL, NULL, NULL, NULL};
    got[0] = hms_fhir_import(NULL, NULL, &out, &errs[0]);
    got[1] = hms_fhir_import(bundle, NULL, NULL, &errs[1]);
    got[2] = hms_fhir_export(NULL, NULL, NULL, NULL, &out, &errs[2]);
    got[3] = hms_fhir_export(PLAN, NULL, NULL, NULL, NULL, &errs[3]);
    for (int i = 0; i < 4; i++) expect(params[i], got[i], HMS_STATUS_VALIDATION, errs[i], params[i]);
}

static void fork_check(hms_runtime_t *rt) {
    pid_t pid = fork();
    if (pid == 0) {
        char *out = NULL, *err = NULL;
        hms_status_t s = hms_health(rt, 1000, &out, &err);
        int ok = s == HMS_STATUS_FORKED && err && strstr(err, "fork");
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the forked child did not get HMS_STATUS_FORKED");
}

int main(void) {
    CHECK(hms_abi_version() == HMS_ABI_VERSION, "abi %d vs header %d", hms_abi_version(), HMS_ABI_VERSION);

    /* Embedded. */
    hms_runtime_t *rt = NULL;
    char *err = NULL;
    hms_status_t s = hms_runtime_start("", 10000, &rt, &err);
    expect("start embedded", s, HMS_STATUS_OK, err, NULL);
    if (!rt) return 1;
    nulls(rt);
    fhir();
    calls(rt, "embedded");
    fork_check(rt);
    err = NULL;
    s = hms_runtime_stop(rt, 10000, &err);
    expect("stop", s, HMS_STATUS_OK, err, NULL);
    char *out = NULL;
    err = NULL;
    s = hms_health(rt, 1000, &out, &err);
    expect("call on a stopped handle", s, HMS_STATUS_SHUTDOWN, err, "stopped");
    err = NULL;
    s = hms_runtime_stop(rt, 1000, &err);
    expect("stop twice", s, HMS_STATUS_OK, err, NULL);
    hms_runtime_free(rt);

    /* A runtime freed without a stop stops itself. */
    rt = NULL;
    s = hms_runtime_start("", 10000, &rt, NULL);
    CHECK(s == HMS_STATUS_OK, "second start: %d", s);
    hms_runtime_free(rt);

    /* Against the daemon tests/c-abi started. */
    const char *url = getenv("HMS_URL"), *token = getenv("HMS_TOKEN");
    if (url && token) {
        err = NULL;
        s = hms_runtime_connect(url, token, 5000, &rt, &err);
        expect("connect", s, HMS_STATUS_OK, err, NULL);
        calls(rt, "daemon");
        hms_runtime_free(rt);
        /* Without the token: calls work on loopback, coordination does not. */
        err = NULL;
        s = hms_runtime_connect(url, "", 5000, &rt, &err);
        expect("connect without token", s, HMS_STATUS_OK, err, NULL);
        err = NULL;
        s = hms_coordinate(rt, "list_children", "{}", 1000, &out, &err);
        expect("coordinate needs the token", s, HMS_STATUS_UNAUTHORIZED, err, NULL);
        hms_runtime_free(rt);
        /* Bound to a node: this daemon is in no cluster, so the node is not found. */
        err = NULL;
        s = hms_runtime_connect_node(url, token, "elsewhere", 5000, &rt, &err);
        expect("connect to a node", s, HMS_STATUS_OK, err, NULL);
        err = NULL;
        s = hms_call(rt, "prover", "{\"type\": \"verify_treatment_plan\", \"plan\": {\"treatment_plan\": []}, \"patient\": {}}", 2000, &out, &err);
        expect("a call on an unknown node", s, HMS_STATUS_NOT_FOUND, err, "elsewhere");
        hms_runtime_free(rt);
        err = NULL;
        s = hms_runtime_connect("http://127.0.0.1:1", "", 2000, &rt, &err);
        expect("nothing listens there", s, HMS_STATUS_ACTOR_DOWN, err, "127.0.0.1:1");
        err = NULL;
        s = hms_runtime_connect("ftp://x", "", 2000, &rt, &err);
        expect("not an http url", s, HMS_STATUS_VALIDATION, err, "url");
    } else {
        fprintf(stderr, "FAIL: HMS_URL and HMS_TOKEN must name a running hmsd\n");
        failures++;
    }

    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
