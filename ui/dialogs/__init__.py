"""Dialogs: blocking.py runs every blocking one (tests patch it); the others are our own dialog windows."""
