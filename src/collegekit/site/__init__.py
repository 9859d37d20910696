"""`collegekit site`: the college's records as a static website.

Light on import: the command imports `collegekit.site.build` inside itself.
"""
