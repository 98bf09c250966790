"""The Board's view of reviews: status and statutory deadlines, the Welsh Government pack."""
