-- A channel's URL and secret are stored encrypted (AES-GCM, 'v1:<key id>:<base64>', see
-- docs/security.md), so the URL check accepts a sealed value as well as a clear one. Clear rows left
-- from before are encrypted by the first service that starts with a key.
ALTER TABLE notification_channels DROP CONSTRAINT IF EXISTS notification_channels_url_check;
ALTER TABLE notification_channels
    ADD CONSTRAINT notification_channels_url_check CHECK (url ~ '^(https?://|v1:[0-9a-f]{8}:)');
