"""Views of the messaging API, by noun: `conversations`, `messages`, `reports`, `blocks`,
`notifications`, `digest`."""
