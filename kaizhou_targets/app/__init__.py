"""The application: the core combined with storage and delivery (recording, import, a command's context, the robots)."""
