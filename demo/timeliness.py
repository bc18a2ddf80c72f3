"""Demo: build the timeliness figures once, so the demo's page has numbers from its matters."""


def demo_timeliness_refresh() -> str:
    from governance.timeliness import timeliness_refresh_now

    run = timeliness_refresh_now(reason="demo")
    return f"figures as of {run.as_of:%d %B %Y} ({run.total_chunks} chunks)"
