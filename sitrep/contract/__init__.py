"""The data contract (docs/data-contract.md): what an incident and a report file are.

    model           the pydantic models, schema_version 2, and the v1 upgrade
    vocab           the controlled vocabularies and the print choices
    problems        validation problems with messages in Arabic and English
    notices         warnings: what does not block saving but a reviewer should see
    documents       reading incident and report files: bytes -> model, or problems
    public_profile  what an incident may show outside the organization
"""
