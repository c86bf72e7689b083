"""The cohort on JupyterHub: the roster of people, their system accounts, and the glue that runs
the debrief dashboard as a hub service. The hub itself is JupyterHub (deploy/jupyterhub/); nothing
here serves anyone."""
