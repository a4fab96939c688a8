"""Admin panels of the portal's own: actions at the top of an edit form, sections shown only where they apply."""

from wagtail.admin.panels import MultiFieldPanel, Panel


class PageActionsPanel(Panel):
    """Buttons at the top of a saved page's edit form: what an editor does next from here (pages/meeting_admin.py)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/admin/page_actions_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def show_panel_furniture(self):
            return False


class SavedPageOnlyPanel(MultiFieldPanel):
    """A section that means something only once the page exists, such as cancelling or moving a meeting."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None and super().is_shown()
