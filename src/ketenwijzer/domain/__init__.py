"""The domain: content model, schemas, registry, editions, translations, problems.

Plain Python with no web or site framework, importing nothing outside the domain
(tests/test_architecture.py holds both rules).
"""
