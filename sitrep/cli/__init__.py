"""The command line, ``sitrep``.

    main       the parser and the one place that turns errors into messages
    console    what every command shares: printing in the user's language, exit codes, --db
    incidents  validate, render, add, list, show, delete, restore, schema, demo
    photos     attach
    exchange   export, import
    report     report (the situation report)
    wipe       wipe (overwrite and remove everything sitrep keeps about incidents)
"""
