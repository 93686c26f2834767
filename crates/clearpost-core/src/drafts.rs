//! The author's drafts as use cases over a [`Context`]: the list (search,
//! trash), create, open, autosave, rename, duplicate, trash and restore, and
//! the phrases the author keeps or allows. Each is one call of
//! [`crate::review::workspace`] (where the rules and their tests are), signed
//! by the unlocked profile where the step is logged, with what was being done
//! added to a failure.

use crate::context::Context;
use crate::error::{Doing as _, Result};
use crate::review::workspace::{self, DraftSummary, Saved, WorkingCopy};

/// Every draft, or with `query` those whose title or text contains it.
pub async fn list(context: &Context, query: Option<&str>) -> Result<Vec<DraftSummary>> {
    let db = context.db().await?;
    match query.map(str::trim) {
        Some(q) if !q.is_empty() => workspace::search(db, q).await,
        _ => workspace::list(db).await,
    }
    .doing("listing drafts")
}

/// A new, empty draft (signed `draft.created`); untitled without a title.
pub async fn create(context: &Context, title: Option<&str>) -> Result<WorkingCopy> {
    let title = title.unwrap_or(workspace::DEFAULT_TITLE);
    let me = context.signer()?;
    workspace::create(context.db().await?, &me, title, "")
        .await
        .doing("creating a draft")
}

/// Opens a draft.
pub async fn load(context: &Context, id: &str) -> Result<WorkingCopy> {
    workspace::load(context.db().await?, id)
        .await
        .doing("opening the draft")
}

/// Saves the live text. A draft under review or approved goes back to
/// `draft` with a signed event (`Saved::review_voided`).
pub async fn autosave(context: &Context, id: &str, text: &str) -> Result<Saved> {
    let me = context.signer()?;
    workspace::save_and_sync(context.db().await?, &me, id, text)
        .await
        .doing("saving the draft")
}

/// Renames a draft (its author only).
pub async fn rename(context: &Context, id: &str, title: &str) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::rename(context.db().await?, &me, id, title)
        .await
        .doing("renaming the draft")
}

/// A copy of a draft as a new draft (signed `draft.created`).
pub async fn duplicate(context: &Context, id: &str) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::duplicate(context.db().await?, &me, id)
        .await
        .doing("duplicating the draft")
}

/// Moves a draft to the trash (signed `draft.trashed`).
pub async fn trash(context: &Context, id: &str) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::trash(context.db().await?, &me, id)
        .await
        .doing("moving the draft to the trash")
}

/// Brings a draft back from the trash (signed `draft.restored`).
pub async fn restore(context: &Context, id: &str) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::restore(context.db().await?, &me, id)
        .await
        .doing("restoring the draft")
}

/// Keeps a flagged phrase with the author's reason.
pub async fn keep(
    context: &Context,
    id: &str,
    category: &str,
    text: &str,
    reason: &str,
) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::add_override(context.db().await?, &me, id, category, text, reason)
        .await
        .doing("keeping the flagged phrase")
}

/// Drops a kept phrase: it is flagged again (the draft's author only).
pub async fn unkeep(
    context: &Context,
    id: &str,
    category: &str,
    text: &str,
) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::remove_override(context.db().await?, &me, id, category, text)
        .await
        .doing("removing the override")
}

/// Allows a phrase in this draft only: the scan reports what it covers as
/// suppressed, and a submission records each such finding as kept.
pub async fn allow(context: &Context, id: &str, phrase: &str) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::allow_in_draft(context.db().await?, &me, id, phrase)
        .await
        .doing("allowing the phrase in this draft")
}

/// Takes a phrase off this draft's allow-list: it is flagged again.
pub async fn disallow(context: &Context, id: &str, phrase: &str) -> Result<WorkingCopy> {
    let me = context.signer()?;
    workspace::disallow_in_draft(context.db().await?, &me, id, phrase)
        .await
        .doing("removing the phrase from this draft's allow-list")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ContextError;
    use crate::error::Error;
    use crate::people::{self, Role};

    #[tokio::test]
    async fn signed_steps_say_what_was_being_done_and_need_the_unlocked_author() {
        let dir = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(dir.path().into(), dir.path().into());
        let locked = create(&context, None).await.unwrap_err();
        assert!(matches!(locked, Error::Context(ContextError::Locked)));
        people::create_profile(
            &context,
            "Dana Author",
            Role::Author,
            crate::test_support::PASSPHRASE,
        )
        .await
        .unwrap();
        let draft = create(&context, None).await.unwrap();
        assert_eq!(draft.title, workspace::DEFAULT_TITLE);
        autosave(&context, &draft.id, "Our new garden opens today.")
            .await
            .unwrap();
        assert_eq!(list(&context, Some("  garden ")).await.unwrap().len(), 1);
        assert_eq!(list(&context, Some("orchard")).await.unwrap().len(), 0);
        assert_eq!(list(&context, Some("  ")).await.unwrap().len(), 1);
        let missing = rename(&context, "no-such-draft", "x").await.unwrap_err();
        assert_eq!(missing.to_string(), "renaming the draft");
        assert!(matches!(missing.root(), Error::Review(_)));
    }
}
