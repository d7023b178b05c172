// Explainer
