//! `hms_mailbox_t`: a named agent mailbox in the tree that a C, Go or Ruby
//! program pulls from. Actors call it like any actor; the program takes each
//! message with `hms_mailbox_recv` and answers it by id.

use std::time::Duration;

use ::hms_runtime::{Error, ErrorKind};
use hms_actors::app::Answer;
use safer_ffi::prelude::*;

use crate::args::{json, ms, owned, required, text};
use crate::backend::Inbox;
use crate::runtime::hms_runtime;
use crate::status::{guard, hms_status, same_process, ErrOut, Failure};

#[derive_ReprC]
#[repr(opaque)]
pub struct hms_mailbox {
    inbox: Inbox,
    pid: u32,
    closed: std::sync::atomic::AtomicBool,
}

impl hms_mailbox {
    fn inbox(&self) -> Result<&Inbox, Failure> {
        same_process(self.pid)?;
        if self.closed.load(std::sync::atomic::Ordering::Acquire) {
            return Err(Error::shutdown("the mailbox is closed").into());
        }
        Ok(&self.inbox)
    }

    fn close(&self, timeout: Duration) -> Result<(), Failure> {
        if self.closed.swap(true, std::sync::atomic::Ordering::AcqRel) {
            return Ok(());
        }
        Ok(self.inbox.close(timeout)?)
    }
}

/// Opens the mailbox `name` in the tree (under the `agents` supervisor);
/// actors and callers reach it by that name. On a daemon this needs the token.
#[ffi_export]
pub fn hms_mailbox_open(
    rt: Option<&hms_runtime>,
    name: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    mailbox_out: Option<Out<'_, Option<repr_c::Box<hms_mailbox>>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_mailbox_open", err_out, || {
        let rt = required(rt, "rt")?;
        let name = text(name, "name")?;
        let out = required(mailbox_out, "mailbox_out")?;
        let inbox = rt.backend()?.open(name, ms(timeout_ms))?;
        out.write(Some(
            Box::new(hms_mailbox {
                inbox,
                pid: std::process::id(),
                closed: false.into(),
            })
            .into(),
        ));
        Ok(())
    })
}

/// Waits at most `timeout_ms` for the next message: its id in `*id_out`, its
/// JSON in `*message_out`. `HMS_STATUS_TIMEOUT` when none came. Answer every
/// message once with `hms_mailbox_reply` or `hms_mailbox_fail`.
#[ffi_export]
pub fn hms_mailbox_recv(
    mailbox: Option<&hms_mailbox>,
    timeout_ms: u32,
    id_out: Option<Out<'_, u64>>,
    message_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_mailbox_recv", err_out, || {
        let mailbox = required(mailbox, "mailbox")?;
        let id_out = required(id_out, "id_out")?;
        let message_out = required(message_out, "message_out")?;
        // 0 is a poll here, not a deadline.
        let wait = Duration::from_millis(u64::from(timeout_ms));
        let letter = mailbox
            .inbox()?
            .next(wait)?
            .ok_or_else(|| Error::timeout(format!("no message within {} ms", wait.as_millis())))?;
        id_out.write(letter.id);
        message_out.write(Some(owned(letter.message.to_string())?));
        Ok(())
    })
}

/// Answers message `id` with a JSON reply.
#[ffi_export]
pub fn hms_mailbox_reply(
    mailbox: Option<&hms_mailbox>,
    id: u64,
    reply_json: Option<char_p::Ref<'_>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_mailbox_reply", err_out, || {
        let mailbox = required(mailbox, "mailbox")?;
        let reply = json(reply_json, "reply_json")?;
        Ok(mailbox.inbox()?.answer(id, Answer::Reply(reply))?)
    })
}

/// Answers message `id` with an error: `status` is the kind (an
/// `HMS_STATUS_*` error code). `HMS_STATUS_ACTOR_DOWN` means the handler crashed: the
/// caller gets it and the mailbox's bridge restarts under supervision.
#[ffi_export]
pub fn hms_mailbox_fail(
    mailbox: Option<&hms_mailbox>,
    id: u64,
    status: i32,
    message: Option<char_p::Ref<'_>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_mailbox_fail", err_out, || {
        let mailbox = required(mailbox, "mailbox")?;
        let message = text(message, "message")?;
        let kind = ErrorKind::from_code(status).ok_or_else(|| {
            // The accepted codes from the one table, so the message never goes stale.
            let codes: Vec<String> = ErrorKind::ALL
                .iter()
                .map(|k| format!("{} {}", k.code(), k.as_str()))
                .collect();
            Error::validation(
                "status",
                format!(
                    "status {status} is not an HMS_STATUS_* error kind (one of: {})",
                    codes.join(", ")
                ),
            )
        })?;
        let answer = match kind {
            ErrorKind::ActorDown => Answer::Crash(message.to_string()),
            ErrorKind::Validation => Answer::Fail(Error::validation("", message)),
            kind => Answer::Fail(Error::new(kind, message)),
        };
        Ok(mailbox.inbox()?.answer(id, answer)?)
    })
}

/// Closes the mailbox and removes it from the tree; messages not yet
/// answered fail their callers. Closing twice is fine. Free it after.
#[ffi_export]
pub fn hms_mailbox_close(
    mailbox: Option<&hms_mailbox>,
    timeout_ms: u32,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_mailbox_close", err_out, || {
        required(mailbox, "mailbox")?.close(ms(timeout_ms))
    })
}

/// Frees the mailbox, closing it first (5 s at most) if open. NULL is a no-op.
#[ffi_export]
pub fn hms_mailbox_free(mailbox: Option<repr_c::Box<hms_mailbox>>) {
    if let Some(mailbox) = mailbox {
        let _ = guard("hms_mailbox_free", None, || {
            mailbox.close(Duration::from_secs(5))
        });
    }
}
