"""The public site: review pages, catalogue, home page's latest list, and the mkdocs build.

`meta` (public metadata and its deadlines, from `pipeline.model.timescales`), `plan`
(the action plan table), `pages` (a review's page), `catalogue` (catalogue, filters,
latest list) and `builder` (the mkdocs wrapper).
Only `pipeline.stages.publish` writes review pages into published_site/.
"""
