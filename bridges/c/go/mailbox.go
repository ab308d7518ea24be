package hms

/*
#include <stdlib.h>
#include "hms.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
	"unsafe"
)

// Mailbox is an agent mailbox in the tree that this program serves: actors
// (and callers of Call) reach it by name; Recv takes each message and
// Reply or Fail answers it by id. Nothing calls back into Go.
type Mailbox struct {
	mu   sync.RWMutex
	ptr  *C.hms_mailbox_t
	Name string
}

// Message is one message to answer.
type Message struct {
	ID   uint64
	Body json.RawMessage
}

// OpenMailbox opens the mailbox name (on a daemon this needs the token).
func (r *Runtime) OpenMailbox(ctx context.Context, name string) (*Mailbox, error) {
	ms, err := timeoutMs(ctx)
	if err != nil {
		return nil, err
	}
	var mb *C.hms_mailbox_t
	err = r.use(func(rt *C.hms_runtime_t) error {
		cname := C.CString(name)
		defer C.free(unsafe.Pointer(cname))
		var cerr *C.char
		return check(C.hms_mailbox_open(rt, cname, ms, &mb, &cerr), cerr)
	})
	if err != nil {
		return nil, err
	}
	return &Mailbox{ptr: mb, Name: name}, nil
}

// recvSlice bounds each wait in the library, so a cancelled context is
// noticed within it.
const recvSlice = 250 * time.Millisecond

// Recv waits for the next message until ctx is done (then it returns a
// Timeout error). Answer every message once.
func (m *Mailbox) Recv(ctx context.Context) (*Message, error) {
	for {
		ms, err := timeoutMs(ctx)
		if err != nil {
			return nil, err
		}
		if ms > C.uint32_t(recvSlice.Milliseconds()) {
			ms = C.uint32_t(recvSlice.Milliseconds())
		}
		msg, err := m.recv(ms)
		if errors.Is(err, ErrTimeout) {
			continue
		}
		return msg, err
	}
}

// use runs f with the handle while the mailbox is open; Close waits for it.
func (m *Mailbox) use(f func(*C.hms_mailbox_t) error) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ptr == nil {
		return &Error{Kind: Shutdown, Message: "shutdown: the mailbox is closed"}
	}
	return f(m.ptr)
}

func (m *Mailbox) recv(ms C.uint32_t) (*Message, error) {
	var msg *Message
	err := m.use(func(mb *C.hms_mailbox_t) error {
		var id C.uint64_t
		var body, cerr *C.char
		if err := check(C.hms_mailbox_recv(mb, ms, &id, &body, &cerr), cerr); err != nil {
			return err
		}
		msg = &Message{ID: uint64(id), Body: take(body)}
		return nil
	})
	return msg, err
}

// Reply answers message id with reply (a value, or JSON text as with Call).
func (m *Mailbox) Reply(id uint64, reply interface{}) error {
	body, err := encode(reply)
	if err != nil {
		return err
	}
	return m.use(func(mb *C.hms_mailbox_t) error {
		cbody := C.CString(body)
		defer C.free(unsafe.Pointer(cbody))
		var cerr *C.char
		return check(C.hms_mailbox_reply(mb, C.uint64_t(id), cbody, &cerr), cerr)
	})
}

// Fail answers message id with an error of kind; ActorDown means the
// handler crashed (the mailbox's bridge restarts under supervision).
func (m *Mailbox) Fail(id uint64, kind Kind, message string) error {
	return m.use(func(mb *C.hms_mailbox_t) error {
		cmsg := C.CString(message)
		defer C.free(unsafe.Pointer(cmsg))
		var cerr *C.char
		return check(C.hms_mailbox_fail(mb, C.uint64_t(id), C.int32_t(kind), cmsg, &cerr), cerr)
	})
}

// Close removes the mailbox from the tree and frees it; unanswered
// messages fail their callers. Closing twice is fine.
func (m *Mailbox) Close(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ptr == nil {
		return nil
	}
	ms, err := timeoutMs(ctx)
	if err != nil {
		ms = 1
	}
	var cerr *C.char
	closeErr := check(C.hms_mailbox_close(m.ptr, ms, &cerr), cerr)
	C.hms_mailbox_free(m.ptr)
	m.ptr = nil
	return closeErr
}
