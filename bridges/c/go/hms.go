// Package hms is the Go face of hms, an OTP-style supervision runtime for
// Crohn's disease treatment research: call its actors (the prover, the
// genetic engine, the self-healer), query the tree's health, and serve an
// agent mailbox, on a runtime embedded in this process or on a running
// hmsd. It wraps the C ABI of bridges/c (libhms.a, linked statically).
//
// Every call takes a context: its deadline becomes the call's timeout
// (30 s when it has none). A call already in the library cannot be
// interrupted; it ends by its deadline.
//
// Research and simulation software, not medical advice.
package hms

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#cgo LDFLAGS: -L${SRCDIR}/../../../target/release -l:libhms.a -lpthread -ldl -lm
#include <stdlib.h>
#include "hms.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"sync"
	"time"
	"unsafe"
)

// libraryStamp names the libhms.a a binary was linked with. Go's build
// cache does not see the library change; setting this with
// -ldflags=-X=hms.libraryStamp=<stamp> (tests/c-abi does) makes it relink.
var libraryStamp string

// DefaultTimeout bounds calls whose context has no deadline.
const DefaultTimeout = 30 * time.Second

// ABIVersion is the C ABI version this package was built against.
const ABIVersion = int32(C.HMS_ABI_VERSION)

// LibraryABIVersion is the ABI version of the linked library.
func LibraryABIVersion() int32 { return int32(C.hms_abi_version()) }

// LibraryStamp is the stamp of libhms.a this binary was linked with ("" when none was given).
func LibraryStamp() string { return libraryStamp }

// Runtime is an embedded application or a connection to hmsd. It is safe
// for concurrent use; Close waits for calls in flight.
type Runtime struct {
	mu  sync.RWMutex
	ptr *C.hms_runtime_t
}

// Start runs an application in this process from TOML configuration (the
// format of configs/default.toml); "" runs the embedded default.
func Start(ctx context.Context, configTOML string) (*Runtime, error) {
	ms, err := timeoutMs(ctx)
	if err != nil {
		return nil, err
	}
	cfg := C.CString(configTOML)
	defer C.free(unsafe.Pointer(cfg))
	var rt *C.hms_runtime_t
	var cerr *C.char
	if err := check(C.hms_runtime_start(cfg, ms, &rt, &cerr), cerr); err != nil {
		return nil, err
	}
	return &Runtime{ptr: rt}, nil
}

// Connect reaches a running hmsd at url (http://127.0.0.1:7878) with a
// bearer token ("" for none), checking that it answers.
func Connect(ctx context.Context, url, token string) (*Runtime, error) {
	return ConnectNode(ctx, url, token, "")
}

// ConnectNode is Connect with every call of the handle run on node of the
// daemon's cluster ("" for the daemon itself) (GET /v1/cluster lists them): a node that is down, or lost
// with a call in flight, ends the call with KindActorDown within its deadline.
func ConnectNode(ctx context.Context, url, token, node string) (*Runtime, error) {
	ms, err := timeoutMs(ctx)
	if err != nil {
		return nil, err
	}
	curl, ctok, cnode := C.CString(url), C.CString(token), C.CString(node)
	defer C.free(unsafe.Pointer(curl))
	defer C.free(unsafe.Pointer(ctok))
	defer C.free(unsafe.Pointer(cnode))
	var rt *C.hms_runtime_t
	var cerr *C.char
	if err := check(C.hms_runtime_connect_node(curl, ctok, cnode, ms, &rt, &cerr), cerr); err != nil {
		return nil, err
	}
	return &Runtime{ptr: rt}, nil
}

// Close stops an embedded application (its tree in reverse start order) or
// closes the connection, and frees the handle. Closing twice is fine.
func (r *Runtime) Close(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ptr == nil {
		return nil
	}
	ms, err := timeoutMs(ctx)
	if err != nil {
		ms = 1
	}
	var cerr *C.char
	stopErr := check(C.hms_runtime_stop(r.ptr, ms, &cerr), cerr)
	C.hms_runtime_free(r.ptr)
	r.ptr = nil
	return stopErr
}

// Call sends actor a message ({"type": ..., ...}: a map or a struct, or
// JSON text as a string, []byte or json.RawMessage) and returns its JSON reply.
func (r *Runtime) Call(ctx context.Context, actor string, message interface{}) (json.RawMessage, error) {
	body, err := encode(message)
	if err != nil {
		return nil, err
	}
	return r.withTimeout(ctx, func(rt *C.hms_runtime_t, ms C.uint32_t, out **C.char, cerr **C.char) C.hms_status_t {
		cactor, cmsg := C.CString(actor), C.CString(body)
		defer C.free(unsafe.Pointer(cactor))
		defer C.free(unsafe.Pointer(cmsg))
		return C.hms_call(rt, cactor, cmsg, ms, out, cerr)
	})
}

// Cast sends actor a message without waiting for its reply (a message the
// actor does not take is refused here).
func (r *Runtime) Cast(actor string, message interface{}) error {
	body, err := encode(message)
	if err != nil {
		return err
	}
	return r.use(func(rt *C.hms_runtime_t) error {
		cactor, cmsg := C.CString(actor), C.CString(body)
		defer C.free(unsafe.Pointer(cactor))
		defer C.free(unsafe.Pointer(cmsg))
		var cerr *C.char
		return check(C.hms_cast(rt, cactor, cmsg, &cerr), cerr)
	})
}

// Health returns the supervision tree's health as JSON.
func (r *Runtime) Health(ctx context.Context) (json.RawMessage, error) {
	return r.withTimeout(ctx, func(rt *C.hms_runtime_t, ms C.uint32_t, out **C.char, cerr **C.char) C.hms_status_t {
		return C.hms_health(rt, ms, out, cerr)
	})
}

// Coordinate runs coordinate_components: command is restart, stop, start,
// inject_fault, clear_faults, route, list_children or monitor_health. On
// a daemon it needs the token.
func (r *Runtime) Coordinate(ctx context.Context, command string, payload interface{}) (json.RawMessage, error) {
	if payload == nil {
		payload = map[string]interface{}{}
	}
	body, err := encode(payload)
	if err != nil {
		return nil, err
	}
	return r.withTimeout(ctx, func(rt *C.hms_runtime_t, ms C.uint32_t, out **C.char, cerr **C.char) C.hms_status_t {
		ccmd, cpayload := C.CString(command), C.CString(body)
		defer C.free(unsafe.Pointer(ccmd))
		defer C.free(unsafe.Pointer(cpayload))
		return C.hms_coordinate(rt, ccmd, cpayload, ms, out, cerr)
	})
}

// VerifyTreatmentPlan asks the prover for one verdict per safety property,
// each with its evidence and published source.
func (r *Runtime) VerifyTreatmentPlan(ctx context.Context, plan, patient interface{}) (json.RawMessage, error) {
	p, err := encode(plan)
	if err != nil {
		return nil, err
	}
	q, err := encode(patient)
	if err != nil {
		return nil, err
	}
	return r.withTimeout(ctx, func(rt *C.hms_runtime_t, ms C.uint32_t, out **C.char, cerr **C.char) C.hms_status_t {
		cp, cq := C.CString(p), C.CString(q)
		defer C.free(unsafe.Pointer(cp))
		defer C.free(unsafe.Pointer(cq))
		return C.hms_verify_treatment_plan(rt, cp, cq, ms, out, cerr)
	})
}

// SimulateTreatmentOutcome simulates n patients: one patient's chance of
// remission at week 52, the 95% interval of that chance from the published
// estimates, and every drug's risks; the same seed, the same answer.
func (r *Runtime) SimulateTreatmentOutcome(ctx context.Context, patient, plan interface{}, n uint32, seed uint64) (json.RawMessage, error) {
	q, err := encode(patient)
	if err != nil {
		return nil, err
	}
	p, err := encode(plan)
	if err != nil {
		return nil, err
	}
	return r.withTimeout(ctx, func(rt *C.hms_runtime_t, ms C.uint32_t, out **C.char, cerr **C.char) C.hms_status_t {
		cq, cp := C.CString(q), C.CString(p)
		defer C.free(unsafe.Pointer(cq))
		defer C.free(unsafe.Pointer(cp))
		return C.hms_simulate_treatment_outcome(rt, cq, cp, C.uint32_t(n), C.uint64_t(seed), ms, out, cerr)
	})
}

// withTimeout runs one C call that writes a string result, under the read lock.
func (r *Runtime) withTimeout(ctx context.Context, call func(*C.hms_runtime_t, C.uint32_t, **C.char, **C.char) C.hms_status_t) (json.RawMessage, error) {
	ms, err := timeoutMs(ctx)
	if err != nil {
		return nil, err
	}
	var out *C.char
	err = r.use(func(rt *C.hms_runtime_t) error {
		var cerr *C.char
		return check(call(rt, ms, &out, &cerr), cerr)
	})
	if err != nil {
		return nil, err
	}
	return take(out), nil
}

// use runs f with the handle while the runtime is open; Close waits for it.
func (r *Runtime) use(f func(*C.hms_runtime_t) error) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.ptr == nil {
		return &Error{Kind: Shutdown, Message: "shutdown: the runtime is closed"}
	}
	return f(r.ptr)
}

// timeoutMs turns the context's deadline into the C call's timeout.
func timeoutMs(ctx context.Context) (C.uint32_t, error) {
	if err := ctx.Err(); err != nil {
		return 0, &Error{Kind: Timeout, Message: "timeout: " + err.Error()}
	}
	d := DefaultTimeout
	if deadline, ok := ctx.Deadline(); ok {
		d = time.Until(deadline)
	}
	ms := d.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	if ms > 1<<31 {
		ms = 1 << 31
	}
	return C.uint32_t(ms), nil
}

// check turns a status and its owned message into an error (nil for HMS_STATUS_OK).
func check(status C.hms_status_t, cerr *C.char) error {
	if status == C.HMS_STATUS_OK {
		return nil
	}
	msg := "no message"
	if cerr != nil {
		msg = C.GoString(cerr)
		C.hms_string_free(cerr)
	}
	return &Error{Kind: Kind(status), Message: msg}
}

// take copies a string the library returned and frees it.
func take(s *C.char) json.RawMessage {
	if s == nil {
		return nil
	}
	defer C.hms_string_free(s)
	return json.RawMessage(C.GoString(s))
}

// encode gives the JSON text of a message; strings, []byte and json.RawMessage are JSON text already.
func encode(v interface{}) (string, error) {
	switch m := v.(type) {
	case json.RawMessage:
		return string(m), nil
	case []byte:
		return string(m), nil
	case string:
		return m, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", &Error{Kind: Validation, Message: "validation: the message does not encode as JSON: " + err.Error()}
	}
	return string(b), nil
}
