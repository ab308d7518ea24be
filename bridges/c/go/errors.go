package hms

import "fmt"

// Kind is the kind of an error: the same taxonomy (and numbers) as the C
// ABI's hms_status_t, hmsd's problem JSON and the Python exceptions.
type Kind int32

const (
	Validation   Kind = 1  // bad input; the message names the parameter or JSON path
	NotFound     Kind = 2  // no actor, mailbox or message by that name or id
	Timeout      Kind = 3  // the deadline passed
	ActorDown    Kind = 4  // the actor crashed or stopped while handling the call, or hmsd cannot be reached
	Overloaded   Kind = 5  // a mailbox or pool is full; retry later
	Unauthorized Kind = 6  // the daemon wants a (valid) token
	Shutdown     Kind = 7  // the runtime, daemon or mailbox is stopped or closed
	Internal     Kind = 8  // a bug or a caught panic
	Forked       Kind = 9  // the handle belongs to the parent of a fork
	Unavailable  Kind = 10 // the daemon's journal cannot write (disk full); nothing was acknowledged, retry later
)

var kindNames = map[Kind]string{
	Validation: "validation", NotFound: "not_found", Timeout: "timeout", ActorDown: "actor_down",
	Overloaded: "overloaded", Unauthorized: "unauthorized", Shutdown: "shutdown", Internal: "internal",
	Forked: "forked", Unavailable: "unavailable",
}

func (k Kind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("kind(%d)", int32(k))
}

// Error is what every call returns on failure. Compare kinds with errors.Is:
//
//	if errors.Is(err, hms.ErrTimeout) { ... }
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Message }

// Is reports whether target is an *Error of the same kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
}

// Sentinels for errors.Is, one per kind.
var (
	ErrValidation   = &Error{Kind: Validation, Message: "validation"}
	ErrNotFound     = &Error{Kind: NotFound, Message: "not_found"}
	ErrTimeout      = &Error{Kind: Timeout, Message: "timeout"}
	ErrActorDown    = &Error{Kind: ActorDown, Message: "actor_down"}
	ErrOverloaded   = &Error{Kind: Overloaded, Message: "overloaded"}
	ErrUnauthorized = &Error{Kind: Unauthorized, Message: "unauthorized"}
	ErrShutdown     = &Error{Kind: Shutdown, Message: "shutdown"}
	ErrInternal     = &Error{Kind: Internal, Message: "internal"}
	ErrForked       = &Error{Kind: Forked, Message: "forked"}
	ErrUnavailable  = &Error{Kind: Unavailable, Message: "unavailable"}
)
