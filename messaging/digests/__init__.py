"""The digest e-mail: what is new in a resident's quartiers since their last one.

- `schedule`: when each resident's digest is due, in their timezone, and for which period;
- `sections`: what a digest is made of; the apps register their sections;
- `contents`: the readers of a chunk, their sections, the mail in their language;
- `sending`: claiming each (resident, period) once, sending, and what a dead worker leaves;
- `tokens`: the signed one-click unsubscribe link.
"""
