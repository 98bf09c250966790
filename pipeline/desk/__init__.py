"""The reviewer's and the Board officer's desk (`cpr review`): a local web page over one review."""
