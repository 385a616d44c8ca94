"""`ketenwijzer check` finds broken internal links and missing images before any build."""

from __future__ import annotations

from ketenwijzer.site import sitemodel
from registry_fixture import write_registry


def test_check_lists_broken_links_and_missing_images_with_file_and_line(project):
    write_registry(project)
    project.page("handreiking/h1.nl.md", "H1", """
        # H1

        Zie [opvang](../wie-doet-wat/onderwerpen/opvang.md), [de vinder](../wie-doet-wat/verwijzen.md#kies)
        en [het archief](../vreemdelingenvisie/index.md).

        Zie ook [hoofdstuk 2](02-bestaat-niet.md) en ![een foto](foto.jpg).

        `[geen link](nergens.md)`

        ```
        [ook geen](nergens.md)
        ```
        """)
    problems = [str(p) for p in sitemodel.load(project.root).problems]
    assert problems == [
        "handreiking/h1.nl.md:11: link to '02-bestaat-niet.md' leads nowhere (handreiking/02-bestaat-niet.md does not exist); "
        "correct the path (relative to this file, ending in .md)",
        "handreiking/h1.nl.md:11: image to 'foto.jpg' leads nowhere (handreiking/foto.jpg does not exist); correct the path or add the file",
    ]
