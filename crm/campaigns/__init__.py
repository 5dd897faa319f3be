"""Campaigns (Bi-CM): results of every campaign against its control group, planning, launch, responses."""
