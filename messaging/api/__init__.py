"""The JSON API of conversations, their messages, and notifications.

Every conversation is fetched through `get_conversation_for_reader`: anyone who may not read it
gets a 404, as if it did not exist. The services hold the rules (only the author edits or deletes
a message, only a coordinator of the quartier hides one, the rate limit); their refusals become
400 and 403. A message is always shown through `message_payload`, which says nothing of a deleted
or hidden one.

`serializers`, `views` (conversations, messages, reports, blocks, notifications, digest), and
`urls` (included under the `api:` namespace).
"""
