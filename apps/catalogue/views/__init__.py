"""The catalogue's pages: `public` (no sign-in), `staff` (agency administrators), `open_data`."""
