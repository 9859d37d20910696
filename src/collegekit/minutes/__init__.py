"""The minutes (compte rendu) written as the Markdown body of a meeting file.

`labels` holds the words of the conventions; `parse` reads a body into the
agenda models, `write` writes them back; `convert` moves an old front-matter
agenda into the body. Nothing heavy is imported here.
"""
