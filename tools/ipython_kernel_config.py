# IPython settings for every kernel of the kit's environment: the Makefile copies this file
# to .venv/etc/ipython/, which IPython reads at start (JupyterLab, Voilà, nbval and
# make notebooks alike).
#
# Figures are stored in the notebooks as PNGs. By default matplotlib writes its version
# into each one (a "Software: Matplotlib version3.11.2, https://matplotlib.org/" text
# chunk), so the same figure would change bytes with every matplotlib release. Without it
# the bytes depend only on the pixels. The rest is the inline backend's default.
c = get_config()  # noqa: F821
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Software": None}}
