from django import template

register = template.Library()


@register.inclusion_tag("law/rule_applied.html")
def rule_applied(version, label="Rules applied"):
    """ "Rules applied: <title> (<instrument>), in force from <date>: <transitional>" """
    return {"version": version, "label": label}
