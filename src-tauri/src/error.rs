//! Errors as the UI receives them: a message with its context, serialised as a
//! string so the front end can show it as is.

/// An error from a command, with the context of what was being done.
#[derive(Debug)]
pub struct CommandError(anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for CommandError {
    fn from(err: E) -> Self {
        CommandError(err.into())
    }
}

impl serde::Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{:#}", self.0))
    }
}

/// In the generated bindings a failed command rejects with this string.
impl specta::Type for CommandError {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        String::definition(types)
    }
}

/// The result type of every command.
pub type CommandResult<T> = Result<T, CommandError>;
